import Foundation
import KeywardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real nginx in front of a backend, asking Keyward through `auth_request`.
/// Skipped (with a message) when nginx is not installed, unless
/// `KEYWARD_REQUIRE_NGINX=1`, under which a missing nginx is a failure.
@Suite("nginx auth_request gateway", .serialized)
struct NginxGatewayTests {
    static let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["KEYWARD_REQUIRE_NGINX"] == "1"

    @Test(
        "nginx lets valid keys through and stops missing, revoked and URL-borne keys",
        .enabled(if: nginx != nil || required, "nginx is not installed (apt-get install nginx); set KEYWARD_REQUIRE_NGINX=1 to fail instead")
    )
    func gateway() async throws {
        let nginx = try #require(Self.nginx, "KEYWARD_REQUIRE_NGINX=1 but no nginx binary was found")
        let folder = try TemporaryFolder("keyward-nginx")
        defer { folder.remove() }
        let keyward = ServerProcess(folder: folder)
        defer { keyward.stop() }
        try await keyward.start()

        try FileManager.default.createDirectory(atPath: folder.file("www/api"), withIntermediateDirectories: true)
        try "backend data\n".write(toFile: folder.file("www/api/data"), atomically: true, encoding: .utf8)
        let port = try FreePort.loopback()
        try Self.configuration(port: port, keywardPort: keyward.port, folder: folder)
            .write(toFile: folder.file("nginx.conf"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", folder.path, "-c", folder.file("nginx.conf"), "-e", folder.file("error.log")]
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        var up = false
        for _ in 0..<100 where !up {
            up = (try? await HTTP.send(.GET, base + "/open", timeout: .seconds(1)))?.status == 200
            if !up { try await Task.sleep(for: .milliseconds(50)) }
        }
        let log = (try? String(contentsOfFile: folder.file("error.log"), encoding: .utf8)) ?? ""
        try #require(up, "nginx did not start: \(log)")

        #expect(try keyward.cli(["keyspace", "create", "edge"]).status == 0)
        let key = try #require(try keyward.cli(["key", "create", "--keyspace", "edge", "--owner", "alice", "--json"]).json["key"] as? String)
        let revoked = try keyward.cli(["key", "create", "--keyspace", "edge", "--json"]).json
        let revokedKey = try #require(revoked["key"] as? String)
        #expect(try keyward.cli(["key", "revoke", try #require(revoked["id"] as? String)]).status == 0)

        let allowed = try await HTTP.send(.GET, base + "/api/data", headers: [("Authorization", "Bearer \(key)")])
        #expect(allowed.status == 200)
        #expect(allowed.body == "backend data\n")
        #expect(allowed.headers.first(name: "X-Seen-Owner") == "alice")
        let viaHeader = try await HTTP.send(.GET, base + "/api/data", headers: [("X-API-Key", key)])
        #expect(viaHeader.status == 200)
        #expect(try await HTTP.send(.GET, base + "/api/data").status == 401)
        #expect(try await HTTP.send(.GET, base + "/api/data", headers: [("Authorization", "Bearer \(revokedKey)")]).status == 401)
        let forged = try await HTTP.send(
            .GET, base + "/api/data", headers: [("Authorization", "Bearer kw_forged"), ("X-Keyward-Code", "VALID")])
        #expect(forged.status == 401)
        // A key in the query string: Keyward answers 400 KEY_IN_URL, which
        // auth_request turns into an error; the request never reaches the backend.
        let inURL = try await HTTP.send(.GET, base + "/api/data?api_key=\(key)", headers: [("Authorization", "Bearer \(key)")])
        #expect(inURL.status != 200)
        #expect(!inURL.body.contains("backend data"))
    }

    static func configuration(port: Int, keywardPort: Int, folder: TemporaryFolder) -> String {
        let user = getuid() == 0 ? "user root;" : ""
        return """
            \(user)
            daemon off;
            worker_processes 1;
            pid \(folder.file("nginx.pid"));
            error_log \(folder.file("error.log")) warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(folder.file("tmp-body"));
                proxy_temp_path \(folder.file("tmp-proxy"));
                fastcgi_temp_path \(folder.file("tmp-fastcgi"));
                uwsgi_temp_path \(folder.file("tmp-uwsgi"));
                scgi_temp_path \(folder.file("tmp-scgi"));
                server {
                    listen 127.0.0.1:\(port);
                    location = /open { return 200 "open\\n"; }
                    location /api/ {
                        auth_request /_keyward;
                        auth_request_set $keyward_owner $upstream_http_x_keyward_owner;
                        add_header X-Seen-Owner $keyward_owner;
                        root \(folder.path)/www;
                    }
                    location = /_keyward {
                        internal;
                        proxy_pass http://127.0.0.1:\(keywardPort)/v1/auth;
                        proxy_pass_request_body off;
                        proxy_set_header Content-Length "";
                        proxy_set_header X-Original-URI $request_uri;
                    }
                }
            }
            """
    }

}
