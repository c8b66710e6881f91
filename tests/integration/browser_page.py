"""A page on its own origin (http://127.0.0.1:PORT) whose script sends
requests to S3 the way InvenioRDM's pages do, for test_cors_browser.sh.

  python3 browser_page.py CASES.json RESULTS.json

prints PORT=<port> and serves until killed (or 300 s):
  GET  /         the page: it fetches /cases.json, runs every case with
                 fetch() (mode cors, no credentials, as axios does for
                 external storage), and POSTs what it saw to /result;
  GET  /cases.json  the cases: [{"name", "method", "url", "headers",
                 "body"}]
  POST /result   [{"name", "ok" (the script got the answer), "status",
                 "etag" (the ETag the script could read, or null),
                 "error"}], written to RESULTS.json.
Only 127.0.0.1 is listened on. Python standard library only.
"""
import http.server
import os
import sys
import threading

PAGE = b"""<!doctype html>
<html><head><meta charset="utf-8"><title>rdm-s3 CORS probe</title></head>
<body><pre id="out">running</pre>
<script>
async function run(c) {
  const r = { name: c.name };
  const init = { method: c.method, headers: c.headers || {}, mode: "cors", credentials: "omit" };
  if (c.body !== undefined && c.body !== null) init.body = c.body;
  try {
    const resp = await fetch(c.url, init);
    r.ok = true;
    r.status = resp.status;
    r.etag = resp.headers.get("ETag");
  } catch (e) {
    r.ok = false;
    r.error = String(e);
  }
  return r;
}
(async () => {
  const out = [];
  try {
    const cases = await (await fetch("/cases.json")).json();
    for (const c of cases) out.push(await run(c));
  } catch (e) {
    out.push({ name: "page", ok: false, error: String(e) });
  }
  await fetch("/result", { method: "POST", body: JSON.stringify(out) });
  document.getElementById("out").textContent = "done";
})();
</script></body></html>
"""


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):  # quiet: the test prints what matters
        pass

    def _send(self, code, body=b"", ctype="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path in ("/", "/index.html"):
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/cases.json":
            with open(sys.argv[1], "rb") as f:
                self._send(200, f.read(), "application/json")
        else:
            self._send(404, b"not found")

    def do_POST(self):
        if self.path != "/result":
            self._send(404, b"not found")
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        tmp = sys.argv[2] + ".tmp"
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, sys.argv[2])
        self._send(204)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("PORT=%d" % server.server_address[1], flush=True)
    threading.Timer(300, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
