#!/usr/bin/env bash
# Produces interop fixtures: real output files of Inspect (inspect-ai) and lm-evaluation-harness (lm-eval)
# run against assay-stub on loopback.
#
#   bench/interop/produce.sh OUT_DIR [VENV_DIR]
#
# OUT_DIR receives inspect-arith.json (model openai-api/stub/stub), inspect-arith-openai.json (model
# openai/stub), lm-eval-results.json and lm-eval-samples.jsonl.
# VENV_DIR defaults to /tmp/assay-interop-venv; it is reused when it holds exactly the pinned set below.
# $ASSAY_STUB: the stub binary (default .build/debug/assay-stub, relative to the current directory).
# $PYTHON: the interpreter for the venv (default python3; Inspect needs 3.11 or later).
# Needs only PyPI (about 225 MB of wheels, no torch) and loopback; no Hugging Face hub access.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUT_DIR [VENV_DIR]" >&2
    exit 2
fi
out_dir=$1
venv=${2:-/tmp/assay-interop-venv}
stub=${ASSAY_STUB:-.build/debug/assay-stub}
python=${PYTHON:-python3}

[[ -x $stub ]] || { echo "no stub binary at $stub (set ASSAY_STUB or build assay-stub)" >&2; exit 1; }
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "$python is older than 3.11" >&2; exit 1; }

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
work=$(mktemp -d -t assay-interop.XXXXXX)
stub_pid=
cleanup() {
    if [[ -n $stub_pid ]]; then kill "$stub_pid" 2>/dev/null || true; wait "$stub_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A private copy of the stub, so a rebuild of .build does not replace it mid-run.
cp "$stub" "$work/assay-stub"

# Every package in the venv, pinned (pip freeze of the set that was resolved on Linux x86_64, Python 3.11).
cat > "$work/constraints.txt" <<'EOF'
absl-py==2.5.1
agent-client-protocol==0.12.1
aiobotocore==3.10.0
aiohappyeyeballs==2.7.1
aiohttp==3.14.5
aioitertools==0.13.0
aiosignal==1.4.0
annotated-doc==0.0.7
annotated-types==0.8.0
anyio==4.16.0
attrs==26.1.0
beautifulsoup4==4.15.0
boto3==1.43.117
botocore==1.43.117
certifi==2026.10.19.post1
chardet==6.0.0.post1
charset-normalizer==3.5.3
click==8.5.1
cloudpickle==3.1.3
colorama==0.4.6
DataProperty==1.1.1
datasets==5.2.0
debugpy==1.8.22
defusedxml==0.7.1
dill==0.4.1
docstring_parser==0.18.0
evaluate==0.4.6
fastapi==0.165.0
filelock==4.3.1
frozenlist==1.8.0
fsspec==2026.6.0
h11==0.16.0
hf-xet==1.8.0
httpcore==1.0.9
httpcore2==2.16.2
httpx==0.28.1
httpx2==2.16.2
huggingface_hub==2.4.0
idna==3.20
ijson==3.6.0
inspect_ai==0.3.285
Jinja2==3.1.6
jiter==0.19.0
jmespath==1.1.0
joblib==1.6.0
jsonlines==4.0.0
jsonpatch==1.48
jsonpath-ng==1.16.0
jsonpointer==3.12
jsonref==1.1.0
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
linkify-it-py==2.2.0
lm_eval==0.4.13
lxml==6.1.3
markdown-it-py==4.3.0
MarkupSafe==3.0.4
mbstrdecoder==1.1.5
mdit-py-plugins==0.7.0
mdurl==0.1.2
mmh3==5.3.1
more-itertools==11.2.1
multidict==7.2.1
multiprocess==0.70.19
narwhals==2.29.0
nest-asyncio2==1.7.4
nltk==3.10.4
numpy==2.4.6
openai==3.57.0
opentelemetry-api==1.45.2
packaging==26.4
pandas==3.1.1
pathlib_abc==0.5.2
pathvalidate==3.3.1
platformdirs==4.14.8
portalocker==4.4.2
propcache==0.5.4
psutil==7.2.2
pyarrow==26.0.1
pydantic==2.14.4
pydantic_core==2.50.5
Pygments==2.21.0
pytablewriter==1.2.1
python-dateutil==2.9.0.post0
python-dotenv==1.2.4
pytz==2026.6
PyYAML==6.0.4
referencing==0.37.0
regex==2026.11.19
requests==2.34.2
rich==15.0.0
rouge_score==0.1.2
rpds-py==2026.9.1
s3fs==2026.6.0
s3transfer==0.19.3
sacrebleu==2.6.0
scikit-learn==1.9.1
scipy==1.17.1
semver==3.1.2
shortuuid==1.0.13
six==1.17.0
sniffio==1.3.1
soupsieve==4.1.3
sqlitedict==2.1.0
starlette==1.10.0
tabledata==1.3.5
tabulate==0.10.0
tcolorpy==0.1.7
tenacity==9.2.1
textual==8.2.8
threadpoolctl==3.8.0
tiktoken==0.14.0
tqdm==4.70.1
truststore==0.10.5
typepy==1.3.5
typing-inspection==0.4.5
typing_extensions==4.16.0
universal_pathlib==0.3.10
urllib3==2.8.0
uvicorn==0.54.0
word2number==1.1
wrapt==2.5.2
xxhash==4.1.0
yarl==1.25.1
zipfile-zstd==0.0.4
zipp==4.1.2
zstandard==0.25.0
EOF

# lm-eval's core install has no torch; the [api] extra adds aiohttp, requests, tenacity, tiktoken.
# openai is the client library Inspect's openai and openai-api providers need.
requirements=(pip==26.3 inspect-ai==0.3.285 openai==3.57.0 "lm-eval[api]==0.4.13")
pins=$(cat "$work/constraints.txt"; printf '%s\n' "${requirements[@]}")
if [[ -x $venv/bin/python && -f $venv/.assay-interop-pins && $(cat "$venv/.assay-interop-pins") == "$pins" ]]; then
    echo "reusing venv $venv"
else
    echo "creating venv $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    start=$SECONDS
    "$venv/bin/python" -m pip install -q pip==26.3
    "$venv/bin/python" -m pip install -q -c "$work/constraints.txt" "${requirements[@]}"
    printf '%s\n' "$pins" > "$venv/.assay-interop-pins"
    echo "installed in $((SECONDS - start)) s"
fi

# Start the stub on a free port (--port 0) and read its base URL from the first line it prints.
"$work/assay-stub" --accuracy 0.6 --port 0 > "$work/stub.out" 2> "$work/stub.err" &
stub_pid=$!
base_url=
for _ in $(seq 100); do
    base_url=$(sed -n 's/^listening on \(http[^ ]*\)$/\1/p' "$work/stub.out")
    [[ -n $base_url ]] && break
    kill -0 "$stub_pid" 2>/dev/null || { cat "$work/stub.err" >&2; echo "assay-stub exited" >&2; exit 1; }
    sleep 0.1
done
[[ -n $base_url ]] || { echo "assay-stub printed no base URL" >&2; exit 1; }
echo "stub at $base_url"

# Ten arithmetic items. The stub solves + - * (not /) and answers wrong (value + 1) by a hash of the
# prompt; with --accuracy 0.6 exactly items 02, 04, 05, 07, 08, 10 are answered correctly.
cat > "$work/arith.jsonl" <<'EOF'
{"id": "arith-01", "input": "What is 17 + 25? Answer with the number only.", "target": "42"}
{"id": "arith-02", "input": "What is 9 * 8? Answer with the number only.", "target": "72"}
{"id": "arith-03", "input": "What is 100 - 37? Answer with the number only.", "target": "63"}
{"id": "arith-04", "input": "What is 34 + 58? Answer with the number only.", "target": "92"}
{"id": "arith-05", "input": "What is 56 + 78? Answer with the number only.", "target": "134"}
{"id": "arith-06", "input": "What is 13 * 7? Answer with the number only.", "target": "91"}
{"id": "arith-07", "input": "What is 90 - 45? Answer with the number only.", "target": "45"}
{"id": "arith-08", "input": "What is 11 * 9? Answer with the number only.", "target": "99"}
{"id": "arith-09", "input": "What is 205 + 317? Answer with the number only.", "target": "522"}
{"id": "arith-10", "input": "What is 12 * 12? Answer with the number only.", "target": "144"}
EOF

cat > "$work/arith.py" <<'EOF'
from inspect_ai import Task, task
from inspect_ai.dataset import json_dataset
from inspect_ai.scorer import match
from inspect_ai.solver import generate


@task
def arith():
    return Task(dataset=json_dataset("arith.jsonl"), solver=generate(), scorer=match())
EOF

mkdir -p "$work/lm-tasks"
cat > "$work/lm-tasks/assay_arith.yaml" <<EOF
task: assay_arith
dataset_path: json
dataset_kwargs:
  data_files:
    test: $work/arith.jsonl
test_split: test
output_type: generate_until
doc_to_text: "{{input}}"
doc_to_target: "{{target}}"
generation_kwargs:
  until: []
  max_gen_toks: 16
  do_sample: false
metric_list:
  - metric: exact_match
    aggregation: mean
    higher_is_better: true
    ignore_case: true
    ignore_punctuation: false
metadata:
  version: 1.0
EOF

# Run from the work dir: Inspect resolves arith.jsonl against it, and lm-eval records the git hash of
# the current directory, which should not be Assay's.
cd "$work"
export HF_HOME=$work/hf HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 INSPECT_LOG_DIR=$work/inspect-logs

# Inspect, run 1: the generic OpenAI-compatible provider, openai-api/<NAME>/<model>, configured by
# <NAME>_BASE_URL and <NAME>_API_KEY.
start=$SECONDS
env -u OPENAI_BASE_URL -u OPENAI_API_KEY STUB_BASE_URL="$base_url" STUB_API_KEY=unused \
    "$venv/bin/inspect" eval arith.py --model openai-api/stub/stub \
    --log-format json --log-dir "$work/inspect-1" --display plain
echo "inspect run 1: $((SECONDS - start)) s"

# Inspect, run 2: the openai provider with a custom base URL; it defaults to the Responses API, which
# the stub lacks, so chat completions are asked for with responses_api=false.
start=$SECONDS
env OPENAI_BASE_URL="$base_url" OPENAI_API_KEY=unused \
    "$venv/bin/inspect" eval arith.py --model openai/stub -M responses_api=false \
    --log-format json --log-dir "$work/inspect-2" --display plain
echo "inspect run 2: $((SECONDS - start)) s"

# lm-eval: local-chat-completions with no tokenizer (tokenized_requests=False), so nothing is fetched.
start=$SECONDS
"$venv/bin/lm_eval" --model local-chat-completions \
    --model_args "model=stub,base_url=$base_url/chat/completions,num_concurrent=1,tokenized_requests=False" \
    --apply_chat_template --tasks assay_arith --include_path "$work/lm-tasks" \
    --output_path "$work/lm-out" --log_samples
echo "lm-eval run: $((SECONDS - start)) s"

# Each run wrote exactly one file; fail loudly if not.
one() {
    local matches=("$@")
    [[ ${#matches[@]} -eq 1 && -f ${matches[0]} ]] || { echo "expected one file, got: ${matches[*]}" >&2; exit 1; }
    printf '%s' "${matches[0]}"
}
shopt -s nullglob
cp "$(one "$work"/inspect-1/*.json)" "$out_dir/inspect-arith.json"
cp "$(one "$work"/inspect-2/*.json)" "$out_dir/inspect-arith-openai.json"
cp "$(one "$work"/lm-out/*/results_*.json)" "$out_dir/lm-eval-results.json"
cp "$(one "$work"/lm-out/*/samples_assay_arith_*.jsonl)" "$out_dir/lm-eval-samples.jsonl"
echo "wrote $out_dir:"
ls -l "$out_dir"
