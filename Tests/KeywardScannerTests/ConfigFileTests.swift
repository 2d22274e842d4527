import Foundation
import Testing

@testable import KeywardScanner

/// One realistic file per configuration format (issue 18), built at test time and
/// scanned from disk under its usual name, so that the file-name dispatch runs as
/// in a real scan. Each test names the secret a user would expect to be told about.
@Suite struct ConfigFileTests {
    /// The findings (rule and secret) of `text` written at `path` inside a new folder.
    static func scan(_ path: String, _ text: String) throws -> [(rule: String, secret: String, confidence: Confidence)] {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        TestSupport.write(text, to: folder + "/" + path)
        var options = ScanOptions(source: .files, paths: [folder])
        options.respectsGitIgnore = false
        return try SecretScanner().scan(options).findings.map { ($0.rule, $0.secret, $0.confidence) }
    }

    static func secrets(_ path: String, _ text: String, rule: String) throws -> [String] {
        try scan(path, text).filter { $0.rule == rule }.map(\.secret)
    }

    let password = SampleText.password()

    @Test func netrc() throws {
        let file = """
            machine github.com
              login octocat
              password \(password)
            machine ftp.example.org login anonymous password changeme
            default login guest password \(password)x
            """
        #expect(try Self.secrets(".netrc", file, rule: "netrc-password") == [password, password + "x"])
        // The same text in a file of another name is not read as a .netrc.
        #expect(try Self.secrets("notes.txt", file, rule: "netrc-password").isEmpty)
    }

    @Test func gitCredentials() throws {
        let token = SampleText.random(.base62, count: 40)
        let file = "https://octocat:\(token)@github.com\nhttps://ann:\(password)@gitlab.example.org\nhttps://bob@bitbucket.org\n"
        #expect(try Self.secrets(".git-credentials", file, rule: "git-credentials") == [token, password])
    }

    @Test func pgpass() throws {
        let file = "# hostname:port:database:username:password\ndb.internal:5432:app:app_user:\(password)\n*:*:*:postgres:p\\:w\\:\(password)\n"
        #expect(try Self.secrets(".pgpass", file, rule: "pgpass-password") == [password, "p\\:w\\:\(password)"])
    }

    @Test func npmrc() throws {
        let uuid = [8, 4, 4, 4, 12].map { SampleText.random(.hexLower, count: $0) }.joined(separator: "-")
        let auth = Base64URL.encodeStandard("ci-bot:\(password)")
        let file = """
            registry=https://registry.npmjs.org/
            //registry.npmjs.org/:_authToken=\(uuid)
            //npm.example.org/:_auth="\(auth)"
            //npm.example.org/:always-auth=true
            //ci.example.org/:_authToken=${NPM_TOKEN}
            """
        #expect(try Self.secrets(".npmrc", file, rule: "npmrc-auth") == [uuid, auth])
    }

    @Test func dockerConfigIsDecodedAndConfirmed() throws {
        let auth = Base64URL.encodeStandard("deploy:\(password)")
        let file = """
            {
              "auths": {
                "registry.example.org": { "auth": "\(auth)" },
                "ghcr.io": { "auth": "\(Base64URL.encodeStandard("octocat"))" },
                "docker.io": { "auth": "\(Base64URL.encodeStandard("user:password"))" },
                "quay.io": { "auth": "\(SampleText.random(.base62, count: 40))" }
              },
              "credsStore": "desktop"
            }
            """
        // Only the value that decodes to `user:password` with a real password.
        #expect(try Self.secrets(".docker/config.json", file, rule: "docker-config-auth") == [auth])
        let legacy = "{\"https://index.docker.io/v1/\": {\"auth\": \"\(auth)\", \"email\": \"ci@example.org\"}}"
        #expect(try Self.secrets(".dockercfg", legacy, rule: "docker-config-auth") == [auth])
    }

    @Test func kubeconfig() throws {
        let pem = PrivateKeyBlock.sample("EC PRIVATE") + "\n"
        let key = Base64URL.encodeStandard(pem)
        let token = SampleText.random(.base62, count: 6) + "." + SampleText.random(.base62, count: 16)
        let file = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(Base64URL.encodeStandard("-----BEGIN CERTIFICATE-----\n" + SampleText.random(.base62, count: 90)))
                server: https://10.0.0.1:6443
              name: prod
            users:
            - name: admin
              user:
                client-key-data: \(key)
            - name: ci
              user:
                token: \(token)
            """
        let found = try Self.scan(".kube/config", file)
        #expect(found.map(\.rule) == ["kubeconfig-client-key", "kubeconfig-credential"])
        #expect(found.map(\.secret) == [key, token])
        #expect(found.map(\.confidence) == [.high, .medium])
    }

    @Test func awsCredentialsAndS3cfg() throws {
        let secret = SampleText.random(.base62, count: 38) + "/+"
        let session = SampleText.random(.base62, count: 140)
        let credentials = "[default]\naws_secret_access_key = \(secret)\n\n[ci]\naws_session_token = \(session)\nregion = eu-west-1\n"
        let found = try Self.scan(".aws/credentials", credentials)
        #expect(found.map(\.secret) == [secret, session])
        let s3cfg = "[default]\naccess_key = AKIA\(SampleText.random(.upper, count: 16))\nsecret_key = \(secret)\nhost_base = s3.amazonaws.com\n"
        #expect(try Self.secrets(".s3cfg", s3cfg, rule: "cloud-credentials-file") == [secret])
    }

    @Test func fileZillaIsDecodedAndConfirmed() throws {
        let encoded = Base64URL.encodeStandard(password)
        let file = """
            <?xml version="1.0" encoding="UTF-8"?>
            <FileZilla3 version="3.66.1" platform="windows">
              <Servers>
                <Server>
                  <Host>ftp.example.org</Host><Port>21</Port><User>deploy</User>
                  <Pass encoding="base64">\(encoded)</Pass>
                </Server>
                <Server><Host>sftp.example.org</Host><User>ann</User><Pass encoding="base64">\(SampleText.random(.base62, count: 24))</Pass></Server>
                <Server><Host>old.example.org</Host><User>ann</User><Pass>\(password)</Pass></Server>
              </Servers>
            </FileZilla3>
            """
        // Base64 that does not decode to a printable password is not reported.
        #expect(try Self.secrets("sitemanager.xml", file, rule: "filezilla-password") == [encoded, password])
    }

    @Test func sftpJSON() throws {
        let file =
            "{\n  \"name\": \"prod\",\n  \"host\": \"sftp.example.org\",\n  \"protocol\": \"sftp\",\n  \"username\": \"deploy\",\n  \"password\": \"\(password)\"\n}\n"
        #expect(try Self.secrets(".vscode/sftp.json", file, rule: "ftp-client-password") == [password])
    }

    @Test func wpConfig() throws {
        let salt = SampleText.random(ByteSet.base62.union(ByteSet("!@#$%^&*()-_[]{}<>~+=,.;:/?| ")), count: 62) + "Q7"
        let file = """
            <?php
            define( 'DB_NAME', 'wordpress' );
            define( 'DB_USER', 'wp' );
            define( 'DB_PASSWORD', '\(password)' );
            define( 'DB_HOST', 'localhost' );
            define( 'AUTH_KEY',         '\(salt)' );
            define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );
            $table_prefix = 'wp_';
            """
        #expect(try Self.secrets("wp-config.php", file, rule: "php-define-secret") == [password, salt])
    }

    @Test func railsMasterKeyAndSecretsYML() throws {
        let key = SampleText.random(.hexLower, count: 32)
        #expect(try Self.secrets("config/master.key", key + "\n", rule: "rails-master-key") == [key])
        #expect(try Self.secrets("config/credentials/production.key", key, rule: "rails-master-key") == [key])
        #expect(try Self.secrets("config/other.key", key, rule: "rails-master-key").isEmpty)
        let base = SampleText.random(.hexLower, count: 128)
        let secrets = "development:\n  secret_key_base: \(base)\nproduction:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n"
        #expect(try Self.secrets("config/secrets.yml", secrets, rule: "rails-secret-key-base") == [base])
    }

    @Test func djangoSettings() throws {
        let key = "django-insecure-" + DjangoKey.sample()
        let file = "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n\nSECRET_KEY = '\(key)'\n\nDEBUG = True\n"
        #expect(try Self.secrets("mysite/settings.py", file, rule: "django-secret-key") == [key])
    }

    @Test func htpasswdAndShadow() throws {
        let bcrypt = PasswordHashShape.sampleBcrypt()
        let apr1 = "$apr1$" + SampleText.random(.base62, count: 8) + "$" + SampleText.random(.base62, count: 22)
        #expect(try Self.secrets(".htpasswd", "admin:\(bcrypt)\ndeploy:\(apr1)\n", rule: "password-hash") == [bcrypt, apr1])
        let sha512 = PasswordHashShape.sampleSHA512Crypt()
        let shadow = "root:\(sha512):19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\nann:!:19700:0:99999:7:::\n"
        #expect(try Self.secrets("etc/shadow", shadow, rule: "password-hash") == [sha512])
    }

    @Test func puttyKey() throws {
        let file =
            "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-20240101\nPublic-Lines: 1\n"
            + SampleText.random(.base62, count: 64) + "\nPrivate-Lines: 3\n"
            + (0..<3).map { _ in SampleText.random(.base62, count: 64) }
            .joined(separator: "\n") + "\nPrivate-MAC: " + SampleText.random(.hexLower, count: 40) + "\n"
        let found = try Self.scan("keys/server.ppk", file)
        #expect(found.map(\.rule) == ["putty-private-key"])
        #expect(found.first?.confidence == .high)
    }

    @Test func sqlDumpWithPasswordHashes() throws {
        let bcrypt = PasswordHashShape.sampleBcrypt()
        let phpass = "$P$B" + SampleText.random(.base62, count: 30)
        let file = """
            -- MySQL dump 10.13
            DROP TABLE IF EXISTS `users`;
            INSERT INTO `users` VALUES (1,'ann','ann@example.org','\(bcrypt)','2024-01-01'),(2,'bob','bob@example.org','$2y$10$short','2024-01-02');
            INSERT INTO `wp_users` VALUES (1,'admin','\(phpass)','admin');
            """
        #expect(try Self.secrets("backup/db.sql", file, rule: "sql-password-hash") == [bcrypt, phpass])
        #expect(try Self.secrets("backup/db.txt", file, rule: "sql-password-hash").isEmpty)
    }

    @Test func dotEnvAndShellProfiles() throws {
        let token = SampleText.random(.base62, count: 32)
        let env = """
            # database
            DB_HOST=db.internal
            DB_PASS=\(password)
            REDIS_PASSWORD=
            export SERVICE_TOKEN="\(token)"
            API_KEY=${API_KEY}
            """
        #expect(try Self.secrets(".env.production", env, rule: "env-file-secret") == [password, token])
        let profile = "export PATH=\"$HOME/bin:$PATH\"\nalias ll='ls -l'\nexport OPENROUTER_API_KEY=\(token)\n"
        #expect(try Self.secrets(".zshrc", profile, rule: "env-file-secret") == [token])
    }

    /// In a credential field only a value made of words is a placeholder; a random token
    /// whose piece reads like a stop word (`my`, `bar`) is still a token.
    @Test func placeholdersInConfigFieldsAreWholeWords() throws {
        #expect(ConfigValue.isPlaceholder("your-token-here"))
        #expect(ConfigValue.isPlaceholder("changeMe"))
        #expect(ConfigValue.isPlaceholder("password"))
        #expect(!ConfigValue.isPlaceholder("myQ7xz.Kd81pQr2Tz9vBn0w"))
        #expect(!ConfigValue.isPlaceholder("bazQ73_O9PAFjgxw"))
        let token = "myQ7xz" + "." + SampleText.random(.base62, count: 16)
        let file = "users:\n- name: ci\n  user:\n    token: \(token)\n"
        #expect(try Self.secrets(".kube/config", file, rule: "kubeconfig-credential") == [token])
    }

    @Test func dotNetWebConfig() throws {
        let key = SampleText.random(.base62, count: 32)
        let file = """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <appSettings>
                <add key="webpages:Version" value="3.0.0.0" />
                <add key="StripeSecretKey" value="\(key)" />
                <add key="SmtpPassword"
                     value="\(password)" />
                <add key="ApiKeyHeader" value="X-Api-Key" />
              </appSettings>
            </configuration>
            """
        #expect(try Self.secrets("src/Web/Web.config", file, rule: "dotnet-app-setting") == [key, password])
    }

    @Test func vaultTokenFile() throws {
        let token = "s." + SampleText.random(.base62, count: 22) + "x5"
        #expect(try Self.secrets(".vault-token", token + "\n", rule: "vault-token-file") == [token])
    }
}

/// Every parser bounds its input: each rule's true samples, cut at every byte, are
/// scanned without a crash (a file that ends inside a value, a tag or a header).
@Suite struct TruncatedInputTests {
    @Test func samplesCutAtEveryByteDoNotCrash() {
        let detector = Detector()
        var scanned = 0
        for rule in RuleCatalog.builtIn {
            let samples = rule.samples()
            for sample in samples.positives {
                let bytes = Array(sample.utf8)
                for end in 0...bytes.count {
                    let text = String(decoding: bytes[..<end], as: UTF8.self)
                    _ = detector.detect(in: text, path: samples.path ?? "app/config.txt")
                    scanned += 1
                }
            }
        }
        #expect(scanned > 5000)
    }

    /// Random text made of the formats' punctuation and words, under every file name a file rule reads.
    @Test func randomConfigLikeTextDoesNotCrash() {
        let detector = Detector()
        let pieces = [
            ":", "=", "\"", "'", "<", ">", "/", " ", "\n", "\t", "\\", ".", "$", "_", "-", "{", "}", "(", ")", "#", "export ", "password",
            "machine ", "login ", "_authToken", "\"auth\"", "<Pass encoding=\"base64\">", "</Pass>", "define(", "'DB_PASSWORD'",
            "$2y$10$", "$6$", "{SHA}", "PuTTY-User-Key-File-2", "Private-Lines: 9", "client-key-data:", "token:", "VAULT_TOKEN=s.",
            "SECRET_KEY", "https://", "@", "abc", "Zm9v", "QQ==", "12", "<add key=\"", "value=\"", "ApiSecret",
        ]
        let paths = [
            ".netrc", ".git-credentials", ".pgpass", ".npmrc", ".kube/config", ".aws/credentials", ".s3cfg", "sitemanager.xml",
            "sftp.json", "config/master.key", "dump.sql", ".env", ".bashrc", ".vault-token", "wp-config.php", "Web.config",
        ]
        var generator = SystemRandomNumberGenerator()
        for path in paths {
            for _ in 0..<150 {
                let count = Int(generator.next() % 60)
                let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
                _ = detector.detect(in: text, path: path)
            }
        }
    }
}
