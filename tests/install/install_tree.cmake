# cmake -DTREE=DIR -DBUILD=BUILD_DIR -P install_tree.cmake: a fresh
# `cmake --install BUILD --prefix TREE`.
file(REMOVE_RECURSE "${TREE}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${TREE}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD} --prefix ${TREE} failed (${rc})")
endif()
