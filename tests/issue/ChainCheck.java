/*
 * ChainCheck.java - path validation by the JDK's PKIX CertPathValidator, an
 * implementation that shares no code with popverify or OpenSSL.
 *
 *   java -cp CLASSES ChainCheck ROOT.pem INTER.pem DEVICE.pem [...]
 *
 * Arguments come in threes. Prints "OK <device subject>" per chain, or
 * "FAIL <reason>", and exits 1 when any chain failed.
 */
import java.io.FileInputStream;
import java.io.InputStream;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

public final class ChainCheck {
    private ChainCheck() {
    }

    private static X509Certificate load(CertificateFactory cf, String path)
            throws Exception {
        try (InputStream in = new FileInputStream(path)) {
            return (X509Certificate) cf.generateCertificate(in);
        }
    }

    private static String check(String root, String inter, String device)
            throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate leaf = load(cf, device);
        CertPath path = cf.generateCertPath(List.of(leaf, load(cf, inter)));
        PKIXParameters params = new PKIXParameters(
                Collections.singleton(new TrustAnchor(load(cf, root), null)));
        params.setRevocationEnabled(false);
        PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult)
                CertPathValidator.getInstance("PKIX").validate(path, params);
        return "OK " + leaf.getSubjectX500Principal().getName() + " anchored at "
                + result.getTrustAnchor().getTrustedCert().getSubjectX500Principal()
                          .getName();
    }

    public static void main(String[] args) {
        int failed = 0;

        for (int i = 0; i + 2 < args.length; i += 3) {
            try {
                System.out.println(args[i + 2] + ": " + check(args[i], args[i + 1],
                                                              args[i + 2]));
            } catch (Exception e) {
                System.out.println(args[i + 2] + ": FAIL " + e);
                failed++;
            }
        }
        System.exit(failed == 0 && args.length > 0 && args.length % 3 == 0 ? 0 : 1);
    }
}
