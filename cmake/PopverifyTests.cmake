# PopverifyTests.cmake - whether the tests are built (POPVERIFY_BUILD_TESTS).
#
# POPVERIFY_TESTS=ON needs CUnit and python3 and stops when one is missing;
# AUTO (the default) leaves the tests out with a one-line note instead, so
# that a compiler, cmake, pkg-config and libssl-dev are enough to build
# popverify; OFF leaves them out.
set(POPVERIFY_BUILD_TESTS OFF)
if(POPVERIFY_TESTS STREQUAL "AUTO")
  find_package(CUnit QUIET)
  find_package(Python3 QUIET COMPONENTS Interpreter)
  if(CUnit_FOUND AND Python3_FOUND)
    set(POPVERIFY_BUILD_TESTS ON)
  else()
    if(NOT CUnit_FOUND)
      set(pv_missing "CUnit (libcunit1-dev)")
    else()
      set(pv_missing "python3")
    endif()
    message(STATUS "popverify: tests left out, ${pv_missing} not found; "
                   "tests/run.sh installs it and builds them")
  endif()
elseif(POPVERIFY_TESTS)
  find_package(CUnit)
  find_package(Python3 COMPONENTS Interpreter)
  if(NOT CUnit_FOUND)
    message(FATAL_ERROR "POPVERIFY_TESTS=ON needs CUnit: install libcunit1-dev, or "
                        "configure with -DPOPVERIFY_TESTS=AUTO to leave the tests out")
  endif()
  if(NOT Python3_FOUND)
    message(FATAL_ERROR "POPVERIFY_TESTS=ON needs python3: install python3, or "
                        "configure with -DPOPVERIFY_TESTS=AUTO to leave the tests out")
  endif()
  set(POPVERIFY_BUILD_TESTS ON)
endif()
