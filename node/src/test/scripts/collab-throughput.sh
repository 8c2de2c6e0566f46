#!/usr/bin/env bash
# File transfer throughput in the namespace lab (as root): 4 nodes.
# Shares a random file on node 1, then fetches it on node 2 (1 source), node 3 (2 sources) and
# node 4 (3 sources), and prints each node's own measurement (chunks fetched / time, excluding
# the final whole-file hash check), the wall time from the fetch request until the node holds
# the file, and which transport carried the bytes.
#   --via room          (default) nodes run with --media none: chunks travel over the room's unicast
#   --via datachannel   nodes run synthetic media at 192x144@10 (to spare CPU) and chunks travel over
#                       each link's "starling-files" data channel; waits until every link's channel is open
# Usage: node/src/test/scripts/collab-throughput.sh [--via room|datachannel] [MB]   (default 50)
set -euo pipefail
via=room
if [ "${1:-}" = "--via" ]; then via=$2; shift 2; fi
case "$via" in
  room) lab_media=(--media none) ;;
  datachannel) lab_media=(--media synthetic --video 192x144@10) ;;
  *) echo "--via must be room or datachannel"; exit 2 ;;
esac
MB=${1:-50}
cd "$(dirname "$0")/../../../.."
work=$(mktemp -d /tmp/collab-bench.XXXXXX)
./starling lab --peers 4 "${lab_media[@]}" --seconds 0 >"$work/lab.out" 2>"$work/lab.err" &
lab=$!
# TERM, not INT: a background job of a non-interactive shell ignores SIGINT, and so does the JVM it starts.
cleanup() { kill -TERM "$lab" 2>/dev/null || true; wait "$lab" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  grep -q "room formed" "$work/lab.err" 2>/dev/null && break
  kill -0 "$lab" 2>/dev/null || { cat "$work/lab.err"; exit 1; }
  sleep 1
done
grep -q "room formed" "$work/lab.err" || { echo "lab did not form"; exit 1; }
mapfile -t api < <(grep -o 'node API [^ ]*' "$work/lab.out" | awk '{print $3}')
if [ "$via" = datachannel ]; then
  for i in 0 1 2 3; do
    for _ in $(seq 1 120); do   # until this node's three links have an open file channel
      n=$(curl -sf "${api[$i]}/api/files" | grep -o '"open":true' | wc -l || true)
      [ "$n" -ge 3 ] && break
      sleep 1
    done
    [ "$n" -ge 3 ] || { echo "node $((i + 1)): only $n open file channels"; exit 1; }
  done
  echo "every node has 3 open file channels"
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
head -c $((MB << 20)) /dev/urandom >"$work/file.bin"
hash=$(curl -sf -XPOST "${api[0]}/api/files?name=file.bin" --data-binary @"$work/file.bin" | sed 's/.*"hash":"\([0-9a-f]*\)".*/\1/')
echo "shared ${MB} MB as $hash on ${api[0]}"
for i in 1 2 3; do
  for _ in $(seq 1 100); do   # until this node has heard of all i holders
    n=$(curl -sf "${api[$i]}/api/files" | grep -o '"holders":\[[^]]*\]' | tr -cd ',' | wc -c)
    [ "$((n + 1))" -ge "$i" ] && break
    sleep 0.2
  done
  start=$(date +%s.%N)
  curl -sf -XPOST "${api[$i]}/api/files/$hash/fetch" >/dev/null
  for _ in $(seq 1 1200); do
    curl -sf "${api[$i]}/api/files/$hash/status" | grep -q '"heldHere":true' && break
    sleep 0.1
  done
  end=$(date +%s.%N)
  status=$(curl -sf "${api[$i]}/api/files/$hash/status")
  got=$(curl -sf "${api[$i]}/api/files/$hash" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$hash" ] || { echo "node $((i + 1)): wrong bytes"; exit 1; }
  mbps=$(echo "$status" | grep -o '"mbPerSecond":[0-9.]*' | cut -d: -f2)
  carried=$(echo "$status" | grep -o '"bytesByTransport":{[^}]*}' | cut -d: -f2-)
  echo "node $((i + 1)) from $i source(s): ${mbps} MB/s (node's measure), wall $(echo "$end - $start" | bc) s," \
    "sha256 ok, bytes by transport $carried, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
