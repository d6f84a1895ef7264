#!/usr/bin/env bash
# Creates aq-lake's Kinesis streams and S3 buckets on a local AWS stack, and waits until they are usable.
#
# One script for both stacks, so they can never drift apart:
#   - LocalStack runs it as its init hook (docker-compose.yml mounts it into /etc/localstack/init/ready.d/);
#   - ./localstack/run runs it against kinesis-local and S3Proxy.
# It needs only bash and curl 7.75+ (for --aws-sigv4), which both the LocalStack image and a developer
# machine have: no AWS CLI, no Java. Running it again is harmless: what exists is left as it is.
#
# Environment (defaults suit LocalStack):
#   AWS_ENDPOINT_URL          one endpoint for both services   (default http://localhost:4566)
#   AWS_ENDPOINT_URL_KINESIS  Kinesis endpoint                 (default $AWS_ENDPOINT_URL)
#   AWS_ENDPOINT_URL_S3       S3 endpoint                      (default $AWS_ENDPOINT_URL)
#   AWS_REGION                region                           (default $AWS_DEFAULT_REGION, else us-east-1)
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY        Kinesis keys (default test/test, LocalStack's dummies)
#   AQ_S3_ACCESS_KEY_ID, AQ_S3_SECRET_ACCESS_KEY    S3 keys, when they differ (default: the Kinesis keys)
#   AQ_STREAMS   streams as NAME:SHARDS   (default "aq-readings:4 aq-consent:1"; the names of config/*.json)
#   AQ_BUCKETS   buckets                  (default "aq-raw aq-transformed")
set -euo pipefail

endpoint=${AWS_ENDPOINT_URL:-http://localhost:4566}
kinesis=${AWS_ENDPOINT_URL_KINESIS:-$endpoint}
s3=${AWS_ENDPOINT_URL_S3:-$endpoint}
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
kinesis_key=${AWS_ACCESS_KEY_ID:-test}
kinesis_secret=${AWS_SECRET_ACCESS_KEY:-test}
s3_key=${AQ_S3_ACCESS_KEY_ID:-$kinesis_key}
s3_secret=${AQ_S3_SECRET_ACCESS_KEY:-$kinesis_secret}
streams=${AQ_STREAMS:-aq-readings:4 aq-consent:1}
buckets=${AQ_BUCKETS:-aq-raw aq-transformed}

say() { echo "init: $*"; }
fail() { echo "init: $*" >&2; exit 1; }

command -v curl >/dev/null 2>&1 || fail "curl is not installed; it signs the requests (curl 7.75 or later)"
curl_version=$(curl --version | head -1 | cut -d' ' -f2)
IFS=. read -r major minor _ <<<"$curl_version"
if (( major < 7 || (major == 7 && minor < 75) )); then
  fail "curl $curl_version is too old: --aws-sigv4 needs curl 7.75 or later"
fi

# A signed request. The keys go to curl on its standard input, never on a command line that `ps` shows.
# Prints the response body, then the HTTP status on a line of its own.
signed() {
  local service=$1 key=$2 secret=$3; shift 3
  printf 'user = "%s:%s"\n' "$key" "$secret" \
    | curl -sS -K - --aws-sigv4 "aws:amz:$region:$service" --max-time 20 -w '\n%{http_code}' "$@"
}

kinesis_call() { # ACTION JSON
  signed kinesis "$kinesis_key" "$kinesis_secret" -X POST "$kinesis/" \
    -H "X-Amz-Target: Kinesis_20131202.$1" -H 'Content-Type: application/x-amz-json-1.1' -d "$2"
}

create_stream() { # NAME SHARDS
  local name=$1 shards=$2 out status
  out=$(kinesis_call CreateStream "{\"StreamName\":\"$name\",\"ShardCount\":$shards}") \
    || fail "cannot reach Kinesis at $kinesis"
  status=${out##*$'\n'}
  if [[ $status == 200 ]]; then
    say "stream $name ($shards shard$([[ $shards == 1 ]] || echo s)) created"
  elif [[ $status == 400 && $out == *ResourceInUseException* ]]; then
    say "stream $name exists"
  else
    fail "CreateStream $name at $kinesis answered $status: ${out%$'\n'*}"
  fi
  # a new stream is CREATING for a moment; PutRecords fails until it is ACTIVE
  for _ in $(seq 1 60); do
    out=$(kinesis_call DescribeStreamSummary "{\"StreamName\":\"$name\"}") || true
    [[ $out == *'"StreamStatus":"ACTIVE"'* ]] && return 0
    sleep 0.5
  done
  fail "stream $name did not become ACTIVE within 30 s: ${out%$'\n'*}"
}

create_bucket() { # NAME
  local name=$1 out status
  # S3 wants the payload hash signed too; an empty PUT may say so with UNSIGNED-PAYLOAD
  out=$(signed s3 "$s3_key" "$s3_secret" -X PUT "$s3/$name" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD') \
    || fail "cannot reach S3 at $s3"
  status=${out##*$'\n'}
  if [[ $status == 200 ]]; then
    say "bucket $name created"
  elif [[ $status == 409 && $out == *BucketAlreadyOwnedByYou* ]]; then
    say "bucket $name exists"
  else
    fail "CreateBucket $name at $s3 answered $status: ${out%$'\n'*}"
  fi
}

for spec in $streams; do
  [[ $spec == *:* ]] || fail "AQ_STREAMS entry '$spec' is not NAME:SHARDS"
  create_stream "${spec%%:*}" "${spec##*:}"
done
for bucket in $buckets; do
  create_bucket "$bucket"
done
say "ready: streams ${streams// /, } at $kinesis; buckets ${buckets// /, } at $s3"
