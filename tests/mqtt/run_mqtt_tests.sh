#!/usr/bin/env bash
# MQTT end to end against a real broker (Debian's mosquitto) on a free 127.0.0.1 port, started
# here from a throwaway config: persistence on, anonymous off, one user from mosquitto_passwd.
#   a. `feed publish` sends N messages at a fixed rate while `feed check` subscribes with a
#      persistent session; the broker is restarted in the middle (SIGTERM, so it saves its
#      persistence file; started again on the same folder); every message is accounted for.
#   b. a wrong password: exit 2 and one line "mqtt://127.0.0.1:PORT: not authorized ..." at once.
#   c. a dead broker (nothing on the port): a clear state and exit 1 within the bounded time; a
#      listener that never answers MQTT (if python3 is there): "no answer", no hang.
#   d. TLS with a CA file (if openssl is there): publish and check over mqtts://.
#   e. `feed check --config`: a scene's feeds (a file replayed with "crs": "GCJ-02", and MQTT).
# Before those, bad options (no broker needed): exit 2 and one line naming the problem.
# Exits 77 (CTest: skipped) when mosquitto or mosquitto_passwd is missing.
# Usage: run_mqtt_tests.sh GRIDSCOPE_BIN
set -u
bin=${1:?usage: run_mqtt_tests.sh GRIDSCOPE_BIN}
tmp=$(mktemp -d)
broker_pid=
bg_pids=()
cleanup() {
    for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
    if [ -n "$broker_pid" ]; then kill -TERM "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# --- options --------------------------------------------------------------------------------------
# bad NAME REGEX -- ARGS: exit 2, one line on stderr matching REGEX.
bad() {
    local name=$1 regex=$2
    shift 3
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" = 2 ] && [ "$(grep -c . "$tmp/err")" = 1 ] && grep -Eq -- "$regex" "$tmp/err"; then
        ok "options: $name"
    else
        fail "options: $name: exit $rc: $(head -c 300 "$tmp/err")"
    fi
}
echo '{}' >"$tmp/f.ndjson"
bad publish-password 'no --password.*GRIDSCOPE_MQTT_PASSWORD' -- feed publish "$tmp/f.ndjson" --mqtt mqtt://127.0.0.1:1 --topic t --password x
bad publish-url '"tcp://h".*not an MQTT URL' -- feed publish "$tmp/f.ndjson" --mqtt tcp://h --topic t
bad publish-url-credentials 'no credentials in the URL' -- feed publish "$tmp/f.ndjson" --mqtt mqtt://u:p@h --topic t
bad publish-wildcard 'no wildcards' -- feed publish "$tmp/f.ndjson" --mqtt mqtt://h --topic 'a/+'
bad publish-no-feed 'nope\.ndjson' -- feed publish "$tmp/nope.ndjson" --mqtt mqtt://h --topic t
bad publish-qos '--qos' -- feed publish "$tmp/f.ndjson" --mqtt mqtt://h --topic t --qos 3
bad check-topic '"a/b#"' -- feed check --mqtt mqtt://h --topic 'a/b#'
bad check-no-topic 'needs --topic' -- feed check --mqtt mqtt://h
bad check-for '--for' -- feed check --mqtt mqtt://h --topic t --for -1
bad check-ca 'no/such/ca\.crt' -- feed check --mqtt mqtts://h --topic t --ca-file /no/such/ca.crt
printf '{"layers": [{"source": "g.geojson"}], "feeds": [{"type": "file", "path": "f.ndjson", "sped": 6}]}' >"$tmp/bad.json"
bad config-feed-key 'bad\.json: feeds\[0\]\.sped: unknown key \(did you mean "speed"\?\)' -- feed check --config "$tmp/bad.json"
printf '{"layers": [{"source": "g.geojson"}], "feeds": [{"type": "mqtt", "url": "mqtt://h", "topics": ["t"], "user": "u", "password_env": "GRIDSCOPE_TEST_NO_SUCH_VAR"}]}' >"$tmp/env.json"
bad config-password-env 'feeds\[0\]\.password_env: GRIDSCOPE_TEST_NO_SUCH_VAR is not set' -- feed check --config "$tmp/env.json"
for sub in from-csv check publish; do
    if "$bin" feed "$sub" --help | grep -q "usage: gridscope feed $sub"; then ok "options: feed $sub --help"
    else fail "options: feed $sub --help"; fi
done

mosquitto=$(command -v mosquitto || ls /usr/sbin/mosquitto 2>/dev/null || true)
passwd_tool=$(command -v mosquitto_passwd || true)
if [ -z "$mosquitto" ] || [ -z "$passwd_tool" ]; then
    echo "SKIP: the mosquitto broker or mosquitto_passwd is not installed (Debian: apt-get install mosquitto)"
    [ "$failed" = 0 ] || exit 1
    exit 77
fi
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        port_in_use "$p" || { echo "$p"; return; }
    done
    echo 0
}
port=$(free_port)
url="mqtt://127.0.0.1:$port"

mkdir -p "$tmp/data"
"$passwd_tool" -c -b "$tmp/passwd" wall secret-wall >/dev/null 2>&1
chmod 600 "$tmp/passwd"
cat >"$tmp/mosquitto.conf" <<CONF
# As root, mosquitto would switch to its own user and lose access to this folder.
user $(id -un)
per_listener_settings false
allow_anonymous false
password_file $tmp/passwd
persistence true
persistence_location $tmp/data/
# A persistent session may hold many messages while its client is away.
max_queued_messages 100000
log_dest file $tmp/mosquitto.log
log_type error
log_type warning
log_type notice
listener $port 127.0.0.1
CONF

tls=false
if command -v openssl >/dev/null; then
    tls_port=$(free_port)
    (cd "$tmp" &&
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=gridscope test CA" \
            -keyout ca.key -out ca.crt &&
        openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr &&
        printf 'subjectAltName=IP:127.0.0.1\n' >san.ext &&
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
            -extfile san.ext -out server.crt) >/dev/null 2>&1 && tls=true
    if $tls; then
        chmod 644 "$tmp/server.key"
        cat >>"$tmp/mosquitto.conf" <<CONF
listener $tls_port 127.0.0.1
cafile $tmp/ca.crt
certfile $tmp/server.crt
keyfile $tmp/server.key
CONF
    fi
fi

start_broker() {
    "$mosquitto" -c "$tmp/mosquitto.conf" >>"$tmp/mosquitto.out" 2>&1 &
    broker_pid=$!
    for _ in $(seq 100); do
        port_in_use "$port" && return 0
        sleep 0.05
    done
    echo "broker did not start on port $port:"; cat "$tmp/mosquitto.out" "$tmp/mosquitto.log" 2>/dev/null
    return 1
}
stop_broker() {
    [ -n "$broker_pid" ] || return 0
    kill -TERM "$broker_pid" 2>/dev/null
    wait "$broker_pid" 2>/dev/null
    broker_pid=
}

start_broker || exit 1
export GRIDSCOPE_MQTT_USER=wall GRIDSCOPE_MQTT_PASSWORD=secret-wall

# N distinct, valid messages: issues one second apart, spread over a few grid ids.
n=2000
awk -v n="$n" 'BEGIN {
    for (i = 0; i < n; i++) {
        s = 8 * 3600 + i; hh = int(s / 3600); mm = int((s % 3600) / 60); ss = s % 60;
        t = sprintf("2026-11-22T%02d:%02d:%02d+08:00", hh, mm, ss);
        printf "{\"type\":\"Feature\",\"id\":\"mq-%05d\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]},", i, 120.30 + (i % 50) * 0.001, 31.60 + int(i / 50) * 0.001;
        printf "\"properties\":{\"kind\":\"issue\",\"category\":\"sanitation\",\"status\":\"reported\",\"reported_at\":\"%s\",\"updated_at\":\"%s\"}}\n", t, t;
    } }' >"$tmp/feed.ndjson"

# --- a. N messages at a fixed rate, broker restarted in the middle ------------------------------
topic_filter='district/+/events'
# The checker's persistent session exists before anything is published: from now on the broker
# keeps its messages even while it is not connected.
"$bin" feed check --mqtt "$url" --topic "$topic_filter" --client-id check-a --for 0.5 >"$tmp/pre.out" 2>&1 ||
    { fail "a: registering the checker's session: $(tail -3 "$tmp/pre.out")"; }
start=$(now)
"$bin" feed check --mqtt "$url" --topic "$topic_filter" --client-id check-a --for 40 --expect "$n" \
    >"$tmp/check.out" 2>"$tmp/check.err" &
check_pid=$!
bg_pids+=("$check_pid")
"$bin" feed publish "$tmp/feed.ndjson" --mqtt "$url" --topic district/07/events --rate 400 --client-id pub-a \
    >"$tmp/pub.out" 2>"$tmp/pub.err" &
pub_pid=$!
bg_pids+=("$pub_pid")
sleep 2
stop_broker
restart_at=$(elapsed "$start")
sleep 0.5
start_broker || exit 1
wait "$pub_pid"; pub_rc=$?
wait "$check_pid"; check_rc=$?
echo "   (broker restarted at ${restart_at} s; all done at $(elapsed "$start") s)"
echo "   publish: $(cat "$tmp/pub.out" "$tmp/pub.err")"
echo "   check:   $(head -1 "$tmp/check.out")"
echo "   source:  $(grep '^source' "$tmp/check.out")"
if [ "$pub_rc" = 0 ] && grep -q "published $n of $n messages, acknowledged $n" "$tmp/pub.out"; then
    ok "a: publish: every one of $n messages acknowledged across the broker restart"
else
    fail "a: publish exit $pub_rc: $(cat "$tmp/pub.out" "$tmp/pub.err")"
fi
acc=$(head -1 "$tmp/check.out")
received=$(sed -nE 's/.*received ([0-9]+) = .*/\1/p' <<<"$acc")
applied=$(sed -nE 's/.* applied ([0-9]+) .*/\1/p' <<<"$acc")
dups=$(sed -nE 's/.* duplicate ([0-9]+) .*/\1/p' <<<"$acc")
if [ "$check_rc" = 0 ] && [ "$applied" = "$n" ] && [ "$((received - dups))" = "$n" ] &&
    grep -q "(balanced)" <<<"$acc" && grep -q "rejected 0 " <<<"$acc "; then
    ok "a: check: received $received = applied $applied + duplicate $dups (QoS 1 redeliveries), balanced"
else
    fail "a: check exit $check_rc: $acc / $(cat "$tmp/check.err")"
fi
if grep -Eq "^source .*: connected.*; [2-9] connection\(s\)" "$tmp/check.out"; then
    ok "a: the checker reconnected after the restart and ended connected"
else
    fail "a: source state: $(grep '^source' "$tmp/check.out")"
fi

# --- b. wrong password --------------------------------------------------------------------------
start=$(now)
GRIDSCOPE_MQTT_PASSWORD=wrong "$bin" feed check --mqtt "$url" --topic "$topic_filter" --client-id check-b --for 20 \
    >"$tmp/b.out" 2>"$tmp/b.err"
rc=$?
took=$(elapsed "$start")
if [ "$rc" = 2 ] && [ "$(grep -c . "$tmp/b.err")" = 1 ] &&
    grep -q "mqtt://127.0.0.1:$port: not authorized (check user/password)" "$tmp/b.err" &&
    awk -v t="$took" 'BEGIN { exit !(t < 5) }'; then
    ok "b: check with a wrong password: exit 2 in $took s: $(cat "$tmp/b.err")"
else
    fail "b: check with a wrong password: exit $rc in $took s: $(cat "$tmp/b.err")"
fi
grep -q "auth_failed" "$tmp/b.out" && ok "b: the source's state is auth_failed" || fail "b: state: $(grep '^source' "$tmp/b.out")"
start=$(now)
GRIDSCOPE_MQTT_PASSWORD=wrong "$bin" feed publish "$tmp/feed.ndjson" --mqtt "$url" --topic district/07/events --rate 1000 \
    >"$tmp/bp.out" 2>"$tmp/bp.err"
rc=$?
took=$(elapsed "$start")
if [ "$rc" = 2 ] && grep -q "not authorized (check user/password)" "$tmp/bp.err" &&
    awk -v t="$took" 'BEGIN { exit !(t < 5) }'; then
    ok "b: publish with a wrong password: exit 2 in $took s"
else
    fail "b: publish with a wrong password: exit $rc in $took s: $(cat "$tmp/bp.err")"
fi

# --- d. TLS ---------------------------------------------------------------------------------------
if $tls; then
    tls_url="mqtts://127.0.0.1:$tls_port"
    head -100 "$tmp/feed.ndjson" >"$tmp/feed100.ndjson"
    "$bin" feed check --mqtt "$tls_url" --ca-file "$tmp/ca.crt" --topic "tls/#" --client-id check-tls --for 0.5 \
        >/dev/null 2>&1
    "$bin" feed check --mqtt "$tls_url" --ca-file "$tmp/ca.crt" --topic "tls/#" --client-id check-tls --for 20 \
        --expect 100 >"$tmp/tls.out" 2>"$tmp/tls.err" &
    tls_check=$!
    bg_pids+=("$tls_check")
    "$bin" feed publish "$tmp/feed100.ndjson" --mqtt "$tls_url" --ca-file "$tmp/ca.crt" --topic tls/x --speed 0 \
        >"$tmp/tlsp.out" 2>"$tmp/tlsp.err"
    prc=$?
    wait "$tls_check"; crc=$?
    if [ "$prc" = 0 ] && [ "$crc" = 0 ] && grep -q "applied 100 " "$tmp/tls.out"; then
        ok "d: TLS with a CA file: 100 published and received over mqtts://"
    else
        fail "d: TLS: publish exit $prc, check exit $crc: $(cat "$tmp/tlsp.out" "$tmp/tlsp.err" "$tmp/tls.err"; head -1 "$tmp/tls.out")"
    fi
    GRIDSCOPE_MQTT_PASSWORD=secret-wall "$bin" feed check --mqtt "$tls_url" --topic "tls/#" --client-id check-tls2 \
        --for 10 --connect-timeout 2 >"$tmp/tlsbad.out" 2>"$tmp/tlsbad.err"
    rc=$?
    if [ "$rc" = 1 ] && grep -q "TLS" "$tmp/tlsbad.err"; then
        ok "d: TLS without the CA: exit 1: $(cat "$tmp/tlsbad.err")"
    else
        fail "d: TLS without the CA: exit $rc: $(cat "$tmp/tlsbad.err")"
    fi
else
    echo "skip d: no openssl to make a test CA"
fi

# --- e. a scene's feeds -------------------------------------------------------------------------
# Two points in GCJ-02 (the offset of Chinese web maps) that fall, once converted to WGS 84, in
# the first and the second square of a small grid; one more point in WGS 84 over MQTT.
mkdir -p "$tmp/scene/feed"
cat >"$tmp/scene/grid.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"W"},"geometry":{"type":"Polygon","coordinates":[[[120.29,31.59],[120.30,31.59],[120.30,31.60],[120.29,31.60],[120.29,31.59]]]}},
{"type":"Feature","properties":{"code":"E"},"geometry":{"type":"Polygon","coordinates":[[[120.30,31.59],[120.31,31.59],[120.31,31.60],[120.30,31.60],[120.30,31.59]]]}}]}
JSON
# g1 is WGS 84 (120.2975, 31.5950), in W, written in GCJ-02 (120.30210, 31.59310): read as WGS 84
# it would fall in E. g2 is in E either way. A record separator and a blank line are skipped.
msg() { printf '{"type":"Feature","id":"%s","geometry":{"type":"Point","coordinates":[%s]},"properties":{"kind":"issue","category":"noise","status":"reported","reported_at":"2026-11-22T08:00:00+08:00","updated_at":"2026-11-22T08:00:00+08:00"}}\n' "$1" "$2"; }
{ printf '\x1e'; msg g1 "120.30210,31.59310"; echo; msg g2 "120.30961,31.59311"; } >"$tmp/scene/feed/gcj.ndjson"
msg m1 "120.305,31.595" >"$tmp/one.ndjson"
cat >"$tmp/scene/scene.json" <<JSON
{"layers": [{"id": "grid", "source": "grid.geojson", "level": {"id": "code"}}],
 "feeds": [
   {"type": "file", "path": "feed/gcj.ndjson", "speed": 0, "crs": "GCJ-02"},
   {"type": "mqtt", "url": "$url", "topics": ["scene/#"], "client_id": "check-e", "user": "wall",
    "password_env": "GRIDSCOPE_MQTT_PASSWORD"}]}
JSON
"$bin" feed check --config "$tmp/scene/scene.json" --for 0.5 >/dev/null 2>&1  # the MQTT source's session
"$bin" feed publish "$tmp/one.ndjson" --mqtt "$url" --topic scene/a --speed 0 >/dev/null 2>&1
"$bin" feed check --config "$tmp/scene/scene.json" --for 10 --expect 3 --json >"$tmp/e.json" 2>"$tmp/e.err"
rc=$?
e=$(tr -d ' \n' <"$tmp/e.json")
if [ "$rc" = 0 ] && grep -q '"applied":3,' <<<"$e" && grep -q '"crs":"GCJ-02"' <<<"$e" &&
    grep -q '"grid":"W","issues":1,' <<<"$e" && grep -q '"grid":"E","issues":2,' <<<"$e"; then
    ok "e: feed check --config: a GCJ-02 file feed and an MQTT feed, 3 applied, W 1 and E 2"
else
    fail "e: feed check --config: exit $rc: $(cat "$tmp/e.err"; tr -d ' \n' <"$tmp/e.json" | head -c 1500)"
fi

# --- c. dead broker -------------------------------------------------------------------------------
stop_broker
start=$(now)
"$bin" feed check --mqtt "$url" --topic "$topic_filter" --client-id check-c --for 30 --connect-timeout 3 \
    >"$tmp/c.out" 2>"$tmp/c.err"
rc=$?
took=$(elapsed "$start")
if [ "$rc" = 1 ] && grep -q "connection refused" "$tmp/c.err" && grep -q "unreachable" "$tmp/c.out" &&
    awk -v t="$took" 'BEGIN { exit !(t < 6) }'; then
    ok "c: check against a dead broker: exit 1 in $took s: $(cat "$tmp/c.err")"
else
    fail "c: check against a dead broker: exit $rc in $took s: $(cat "$tmp/c.err"; grep '^source' "$tmp/c.out")"
fi
start=$(now)
"$bin" feed publish "$tmp/feed.ndjson" --mqtt "$url" --topic district/07/events --speed 0 --connect-timeout 2 \
    >"$tmp/cp.out" 2>"$tmp/cp.err"
rc=$?
took=$(elapsed "$start")
if [ "$rc" = 1 ] && grep -q "connection refused" "$tmp/cp.err" && awk -v t="$took" 'BEGIN { exit !(t < 5) }'; then
    ok "c: publish to a dead broker: exit 1 in $took s"
else
    fail "c: publish to a dead broker: exit $rc in $took s: $(cat "$tmp/cp.err")"
fi
if command -v python3 >/dev/null && python3 -c 'import socket' 2>/dev/null; then
    # Accepts TCP connections and never says a word: only the per-attempt timeout can end this.
    python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(16); time.sleep(30)" &
    mute_pid=$!
    bg_pids+=("$mute_pid")
    for _ in $(seq 50); do port_in_use "$port" && break; sleep 0.05; done
    start=$(now)
    "$bin" feed check --mqtt "$url" --topic "$topic_filter" --client-id check-c2 --for 30 --connect-timeout 3 \
        >"$tmp/c2.out" 2>"$tmp/c2.err"
    rc=$?
    took=$(elapsed "$start")
    kill "$mute_pid" 2>/dev/null
    if [ "$rc" = 1 ] && grep -q "no answer within" "$tmp/c2.err" && awk -v t="$took" 'BEGIN { exit !(t < 6) }'; then
        ok "c: a listener that never answers: exit 1 in $took s: $(cat "$tmp/c2.err")"
    else
        fail "c: a listener that never answers: exit $rc in $took s: $(cat "$tmp/c2.err")"
    fi
fi

echo "mqtt tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
