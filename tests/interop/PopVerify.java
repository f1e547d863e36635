/*
 * PopVerify.java - check a proof of possession the way a Java platform
 * backend does, with the JDK only (no popverify code).
 *
 *   java PopVerify signature CA CODE_FILE SIG_FILE
 *   java PopVerify vcert     CA CODE_FILE VCERT_FILE
 *   java PopVerify --batch LIST   (one "kind<TAB>ca<TAB>code<TAB>proof" per line)
 *
 * The code file holds the code exactly; it is read as UTF-8 text, as a
 * backend holds it. Each case prints "valid" or "invalid: REASON". A single
 * case exits 0 when valid, 1 when invalid; 2 on a usage or I/O error.
 */
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

public final class PopVerify {
    /** The proof does not pass the check; the message says why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String why) {
            super(why);
        }
    }

    private PopVerify() {}

    static X509Certificate loadCert(Path path) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return (X509Certificate) cf.generateCertificate(in);
        }
    }

    /* The JDK decoder rejects line breaks and foreign characters but not
     * missing padding, which the platforms do not accept either. */
    static byte[] strictBase64(String text) throws Invalid {
        if (text.isEmpty() || text.length() % 4 != 0)
            throw new Invalid("signature length " + text.length() + " is not a multiple of 4");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid("signature is not strict base64: " + e.getMessage());
        }
    }

    static String signatureAlgorithm(PublicKey key) throws Invalid {
        switch (key.getAlgorithm()) {
        case "RSA":
            return "SHA256withRSA";
        case "EC":
            return "SHA256withECDSA";
        case "EdDSA":
        case "Ed25519":
            return "Ed25519";
        default:
            throw new Invalid("CA key algorithm " + key.getAlgorithm() + " not supported");
        }
    }

    static void checkSignature(X509Certificate ca, String code, String sigText)
            throws Invalid, GeneralSecurityException {
        byte[] raw = strictBase64(sigText);
        PublicKey key = ca.getPublicKey();
        Signature sig = Signature.getInstance(signatureAlgorithm(key));
        sig.initVerify(key);
        sig.update(code.getBytes(StandardCharsets.UTF_8));
        boolean ok;
        try {
            ok = sig.verify(raw);
        } catch (java.security.SignatureException e) {
            throw new Invalid("signature is malformed: " + e.getMessage());
        }
        if (!ok)
            throw new Invalid("signature does not verify with the CA public key");
    }

    static void checkCommonName(X509Certificate vcert, String code) throws Invalid {
        List<Rdn> rdns;
        try {
            String dn = vcert.getSubjectX500Principal().getName(X500Principal.RFC2253);
            rdns = new LdapName(dn).getRdns();
        } catch (InvalidNameException e) {
            throw new Invalid("subject does not parse: " + e.getMessage());
        }
        if (rdns.size() != 1 || rdns.get(0).size() != 1
                || !rdns.get(0).getType().equalsIgnoreCase("CN"))
            throw new Invalid("subject is " + rdns + ", expected exactly CN=<code>");
        Object cn = rdns.get(0).getValue();
        if (!code.equals(cn))
            throw new Invalid("CN '" + cn + "' is not the code '" + code + "'");
    }

    static void checkVcert(X509Certificate ca, String code, Path vcertPath)
            throws Invalid, IOException, GeneralSecurityException {
        X509Certificate vcert;
        try {
            vcert = loadCert(vcertPath);
        } catch (java.security.cert.CertificateException e) {
            throw new Invalid("not a certificate: " + e.getMessage());
        }
        checkCommonName(vcert, code);
        if (!Arrays.equals(vcert.getIssuerX500Principal().getEncoded(),
                           ca.getSubjectX500Principal().getEncoded()))
            throw new Invalid("issuer " + vcert.getIssuerX500Principal()
                              + " is not the CA subject");
        try {
            vcert.verify(ca.getPublicKey());
        } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
            throw new Invalid("not signed by the CA key: " + e.getMessage());
        }
        try {
            vcert.checkValidity();
        } catch (java.security.cert.CertificateException e) {
            throw new Invalid("not valid now: " + e.getMessage());
        }
        if (vcert.getSerialNumber().compareTo(BigInteger.ZERO) <= 0)
            throw new Invalid("serial is not positive");
        if (vcert.getBasicConstraints() != -1)
            throw new Invalid("verification certificate is a CA");
    }

    static String readCode(Path path) throws IOException {
        return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    }

    /* One case: "valid" or "invalid: why". */
    static String check(String kind, String ca, String code, String proof)
            throws IOException, GeneralSecurityException {
        X509Certificate caCert = loadCert(Paths.get(ca));
        try {
            if (kind.equals("signature"))
                checkSignature(caCert, readCode(Paths.get(code)),
                               new String(Files.readAllBytes(Paths.get(proof)),
                                          StandardCharsets.ISO_8859_1));
            else if (kind.equals("vcert"))
                checkVcert(caCert, readCode(Paths.get(code)), Paths.get(proof));
            else
                throw new IllegalArgumentException("unknown kind " + kind);
        } catch (Invalid e) {
            return "invalid: " + e.getMessage();
        }
        return "valid";
    }

    static int batch(Path list) throws IOException, GeneralSecurityException {
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (line.isEmpty())
                continue;
            String[] f = line.split("\t", -1);
            if (f.length != 4)
                throw new IllegalArgumentException("bad batch line: " + line);
            System.out.println(check(f[0], f[1], f[2], f[3]));
        }
        return 0;
    }

    public static void main(String[] args) {
        try {
            if (args.length == 2 && args[0].equals("--batch")) {
                System.exit(batch(Paths.get(args[1])));
            } else if (args.length == 4) {
                String verdict = check(args[0], args[1], args[2], args[3]);
                System.out.println(verdict);
                System.exit(verdict.equals("valid") ? 0 : 1);
            }
            System.err.println("usage: PopVerify (signature|vcert) CA CODE_FILE PROOF_FILE"
                               + " | --batch LIST");
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            System.err.println("PopVerify: error: " + e);
        }
        System.exit(2);
    }
}
