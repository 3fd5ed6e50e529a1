import Foundation

/// The Python launcher that serves a GGUF with xllamacpp, written to the runtime folder before use. It lives in the
/// binary, not in a resource bundle, so `assay` keeps working when its executable is copied elsewhere.
enum LauncherScript {
    static let source = #"""
#!/usr/bin/env python3
"""Assay launcher: serve a GGUF model over llama.cpp's HTTP API via xllamacpp.

Usage:
    python serve_llamacpp.py --model PATH --host 127.0.0.1 --port N \
        [--ctx 4096] [--parallel 4] [--threads 2]

Prints exactly one line "READY" to stdout (flushed) once GET /health answers
200; all llama.cpp logging goes to stderr. Exits 0 on SIGTERM/SIGINT, 1 if the
server cannot start. On Linux it also dies (SIGTERM) when its parent dies.
"""
import argparse
import os
import signal
import sys
import threading
import urllib.request


def die_with_parent(stop):
    """Stop when the process that started us goes away, even if it was killed with SIGKILL.

    A watchdog thread polls the parent pid: prctl(PR_SET_PDEATHSIG) would fire when the *thread*
    that spawned us exits, and the Swift host spawns from pooled threads that may retire."""
    parent = os.getppid()

    def watch():
        while not stop.is_set():
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            stop.wait(0.5)

    threading.Thread(target=watch, daemon=True).start()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="path to a .gguf file")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True, help="0 = pick a free port")
    ap.add_argument("--ctx", type=int, default=4096, help="total context, split across slots")
    ap.add_argument("--parallel", type=int, default=4, help="concurrent request slots")
    ap.add_argument("--threads", type=int, default=2, help="CPU threads for decode and prompt")
    args = ap.parse_args()

    # Install handlers before the (slow) model load so an early SIGTERM still exits cleanly.
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    die_with_parent(stop)

    # The CPU wheel is built with OpenMP, whose worker threads spin-wait by
    # default regardless of cpuparams.poll; on a busy 2-core box that made
    # requests several times slower. Must be set before libgomp is loaded.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import xllamacpp  # imported late: it is heavy, and argument errors should be fast

    p = xllamacpp.CommonParams()
    p.model.path = args.model
    p.hostnames = [args.host]
    p.port = args.port
    p.n_ctx = args.ctx  # each slot gets n_ctx / n_parallel tokens
    p.n_parallel = args.parallel
    p.cpuparams.n_threads = args.threads
    p.cpuparams_batch.n_threads = args.threads
    p.cpuparams.poll = 0  # no busy-waiting: idle server uses ~0% CPU
    p.cpuparams_batch.poll = 0

    try:
        # Blocks until the model is loaded and the HTTP listener is up; the
        # listener and inference loop then run on native background threads.
        server = xllamacpp.Server(p)
    except Exception as e:  # RuntimeError on bad model path, busy port, ...
        print(f"error: {e}", file=sys.stderr)
        return 1

    if stop.is_set():  # signalled while loading
        del server
        return 0

    # Confirm the HTTP API answers before announcing readiness.
    url = server.listening_address + "/health"
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    break
        except Exception:
            pass
        stop.wait(0.2)
    else:
        del server
        return 0

    print("READY", flush=True)
    print(f"listening on {server.listening_address}", file=sys.stderr, flush=True)

    # Main thread just waits; signal handlers run here and set the event.
    while not stop.wait(1.0):
        pass
    del server  # ~Server stops the main loop and HTTP listener
    return 0


if __name__ == "__main__":
    sys.exit(main())
"""#

    /// Writes the launcher to `path` unless an identical copy is there.
    static func install(at path: String) throws {
        if (try? String(contentsOfFile: path, encoding: .utf8)) == source { return }
        try source.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
