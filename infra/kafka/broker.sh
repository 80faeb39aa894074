#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) without Docker.
#
#   bash infra/kafka/broker.sh up|down|status
#
# Jars come from Maven Central via infra/kafka/pom.xml and are cached per version; each port gets its
# own run directory, so brokers of different versions can run side by side on different ports.
# See infra/kafka/README.md for the environment variables and troubleshooting.
#
# Opt-in: KAFKA_SECURITY=sasl_plaintext,sasl_ssl,ssl (any subset, or `all`) adds authenticated listeners
# next to the unchanged PLAINTEXT one, with users from KAFKA_SASL_USERS and a throwaway CA; see
# "Security listeners" in infra/kafka/README.md. Without KAFKA_SECURITY nothing below changes.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../.." && pwd)

KAFKA_VERSION=${KAFKA_VERSION:-3.9.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
KAFKA_FRESH=${KAFKA_FRESH:-0}
CACHE_DIR=${WIRESTREAM_CACHE:-$HOME/.cache/wirestream}

KAFKA_HOME=$CACHE_DIR/kafka
LIBS_DIR=$KAFKA_HOME/$KAFKA_VERSION/libs
RUN_DIR=$KAFKA_HOME/run-$KAFKA_PORT
DATA_DIR=$RUN_DIR/data
PID_FILE=$RUN_DIR/broker.pid
LOG_FILE=$RUN_DIR/broker.log
PROPS_FILE=$RUN_DIR/server.properties
KAFKA_SECURITY=${KAFKA_SECURITY:-}
TLS_DIR=$RUN_DIR/tls
SECURITY_FILE=$RUN_DIR/security
# Extra `kafka-storage format` arguments (SCRAM users); stays empty without KAFKA_SECURITY.
FORMAT_EXTRA_ARGS=()

log() { printf '[kafka] %s\n' "$*"; }
die() {
  printf '[kafka] ERROR: %s\n' "$*" >&2
  exit 1
}

validate() {
  [[ $KAFKA_PORT =~ ^[0-9]+$ ]] || die "KAFKA_PORT must be a number, got '$KAFKA_PORT'"
  KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
  [[ $KAFKA_CONTROLLER_PORT =~ ^[0-9]+$ ]] || die "KAFKA_CONTROLLER_PORT must be a number, got '$KAFKA_CONTROLLER_PORT'"
  [[ $KAFKA_PORT != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
  # The version becomes a path component and a Maven coordinate; anything else is a typo or worse.
  [[ $KAFKA_VERSION =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?([.-][A-Za-z0-9.-]+)?$ ]] ||
    die "KAFKA_VERSION '$KAFKA_VERSION' does not look like a Kafka release (e.g. 3.9.1, 4.1.2)"
  KAFKA_MAJOR=${KAFKA_VERSION%%.*}
  local minor=${KAFKA_VERSION#*.}
  minor=${minor%%[.-]*}
  # Single-node KRaft without ZooKeeper is production-ready from 3.3 on; older brokers need ZooKeeper.
  if ((KAFKA_MAJOR < 3 || (KAFKA_MAJOR == 3 && minor < 3))); then
    die "KAFKA_VERSION $KAFKA_VERSION is too old: KRaft-only brokers need Kafka >= 3.3"
  fi
  if ((KAFKA_MAJOR >= 4)); then
    KAFKA_LOGGING=log4j2
    KAFKA_LOG_OPTS="-Dlog4j2.configurationFile=$HERE/log4j2.yaml"
  else
    KAFKA_LOGGING=reload4j
    KAFKA_LOG_OPTS="-Dlog4j.configuration=file:$HERE/log4j.properties"
  fi
  [[ -z $KAFKA_SECURITY ]] || validate_security
}

# --- Opt-in security listeners (KAFKA_SECURITY) -----------------------------------------------------

validate_security() {
  [[ $KAFKA_SECURITY == all ]] && KAFKA_SECURITY=sasl_plaintext,sasl_ssl,ssl
  local kind kinds
  SECURITY_KINDS=()
  IFS=', ' read -r -a kinds <<<"$KAFKA_SECURITY"
  for kind in "${kinds[@]}"; do
    case $kind in
      sasl_plaintext | sasl_ssl | ssl) SECURITY_KINDS+=("$kind") ;;
      *) die "KAFKA_SECURITY: unknown listener '$kind' (use sasl_plaintext, sasl_ssl, ssl or all)" ;;
    esac
  done
  ((${#SECURITY_KINDS[@]} > 0)) || die "KAFKA_SECURITY is set but names no listener"
  # Each extra listener gets its own port: explicit, or counted up from the controller port.
  KAFKA_SASL_PLAINTEXT_PORT=${KAFKA_SASL_PLAINTEXT_PORT:-$((KAFKA_PORT + 2))}
  KAFKA_SASL_SSL_PORT=${KAFKA_SASL_SSL_PORT:-$((KAFKA_PORT + 3))}
  KAFKA_SSL_PORT=${KAFKA_SSL_PORT:-$((KAFKA_PORT + 4))}
  local port
  for port in "$KAFKA_SASL_PLAINTEXT_PORT" "$KAFKA_SASL_SSL_PORT" "$KAFKA_SSL_PORT"; do
    [[ $port =~ ^[0-9]+$ ]] || die "security listener ports must be numbers, got '$port'"
    [[ $port != "$KAFKA_PORT" && $port != "$KAFKA_CONTROLLER_PORT" ]] ||
      die "security listener port $port collides with KAFKA_PORT or KAFKA_CONTROLLER_PORT"
  done
  # user:password pairs. The characters are limited because the pairs end up inside a JAAS line and a
  # `--add-scram` argument, whose quoting would otherwise have to be reproduced here.
  KAFKA_SASL_USERS=${KAFKA_SASL_USERS:-wirestream:wirestream-secret}
  local pair pairs n=0
  SASL_USER_PAIRS=()
  # read -a, not an unquoted expansion: a `*` in a password must not be globbed against the cwd.
  IFS=', ' read -r -a pairs <<<"$KAFKA_SASL_USERS"
  for pair in "${pairs[@]}"; do
    n=$((n + 1))
    # The message names the entry by position only: any part of it could be a password.
    [[ $pair =~ ^[A-Za-z0-9._-]+:[A-Za-z0-9._~@%+!*-]+$ ]] ||
      die "KAFKA_SASL_USERS: entry $n is not user:password (user [A-Za-z0-9._-], password [A-Za-z0-9._~@%+!*-])"
    SASL_USER_PAIRS+=("$pair")
  done
  ((${#SASL_USER_PAIRS[@]} > 0)) || die "KAFKA_SASL_USERS names no user"
  # What the data dir and the running broker must agree with; the SCRAM users live in the metadata log.
  SECURITY_FINGERPRINT=$(printf '%s|%s|%s %s %s' "${SECURITY_KINDS[*]}" "${SASL_USER_PAIRS[*]}" \
    "$KAFKA_SASL_PLAINTEXT_PORT" "$KAFKA_SASL_SSL_PORT" "$KAFKA_SSL_PORT" | cksum | tr -d ' ')
}

security_ports() {
  local kind
  for kind in "${SECURITY_KINDS[@]}"; do
    case $kind in
      sasl_plaintext) echo "$KAFKA_SASL_PLAINTEXT_PORT" ;;
      sasl_ssl) echo "$KAFKA_SASL_SSL_PORT" ;;
      ssl) echo "$KAFKA_SSL_PORT" ;;
    esac
  done
}

needs_tls() {
  [[ " ${SECURITY_KINDS[*]} " == *" sasl_ssl "* || " ${SECURITY_KINDS[*]} " == *" ssl "* ]]
}

# A throwaway CA, a broker certificate for 127.0.0.1/localhost and a client certificate (for the
# mutual-TLS listener), all PEM. Made once per run dir and renewed when they are about to expire.
make_tls_material() {
  command -v openssl >/dev/null 2>&1 || die "openssl is required for KAFKA_SECURITY with TLS listeners"
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  if [[ -f $TLS_DIR/broker-keystore.pem ]] && openssl x509 -checkend 86400 -noout -in "$TLS_DIR/broker.pem" >/dev/null 2>&1; then
    return 0
  fi
  log "generating a throwaway CA and certificates in $TLS_DIR"
  local ssl_log=$TLS_DIR/openssl.log
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=wirestream test CA" \
      -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem"
    local who
    for who in broker client; do
      openssl req -newkey rsa:2048 -nodes -subj "/CN=wirestream-$who" \
        -keyout "$TLS_DIR/$who.key.tmp" -out "$TLS_DIR/$who.csr"
      # Kafka's PEM key store reads PKCS#8 keys only.
      openssl pkcs8 -topk8 -nocrypt -in "$TLS_DIR/$who.key.tmp" -out "$TLS_DIR/$who.key"
      rm -f "$TLS_DIR/$who.key.tmp"
      printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
        "extendedKeyUsage=$([[ $who == broker ]] && echo serverAuth || echo clientAuth)" >"$TLS_DIR/$who.ext"
      openssl x509 -req -in "$TLS_DIR/$who.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" \
        -CAcreateserial -days 365 -extfile "$TLS_DIR/$who.ext" -out "$TLS_DIR/$who.pem"
    done
  } >"$ssl_log" 2>&1 || {
    cat "$ssl_log" >&2
    die "generating TLS material in $TLS_DIR failed"
  }
  cat "$TLS_DIR/broker.key" "$TLS_DIR/broker.pem" >"$TLS_DIR/broker-keystore.pem"
  chmod 600 "$TLS_DIR"/*.key "$TLS_DIR/broker-keystore.pem"
}

render_security_config() {
  local listeners="PLAINTEXT://127.0.0.1:$KAFKA_PORT" advertised protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  local kind port name
  advertised=$listeners
  for kind in "${SECURITY_KINDS[@]}"; do
    name=$(printf '%s' "$kind" | tr '[:lower:]' '[:upper:]')
    case $kind in
      sasl_plaintext) port=$KAFKA_SASL_PLAINTEXT_PORT ;;
      sasl_ssl) port=$KAFKA_SASL_SSL_PORT ;;
      ssl) port=$KAFKA_SSL_PORT ;;
    esac
    listeners+=",$name://127.0.0.1:$port"
    advertised+=",$name://127.0.0.1:$port"
    protocols+=",$name:$name"
  done
  listeners+=",CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT"
  # The template's listener lines are replaced, not overridden, so the rendered file reads true.
  grep -v -E '^(listeners|advertised\.listeners|listener\.security\.protocol\.map)=' "$PROPS_FILE.tmp" >"$PROPS_FILE.sec"
  mv "$PROPS_FILE.sec" "$PROPS_FILE.tmp"
  {
    printf '%s\n' '' '# --- Security listeners (KAFKA_SECURITY, appended by broker.sh) ---' \
      "listeners=$listeners" "advertised.listeners=$advertised" "listener.security.protocol.map=$protocols" \
      'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN'
    local jaas_users='' pair
    for pair in "${SASL_USER_PAIRS[@]}"; do
      jaas_users+=" user_${pair%%:*}=\"${pair#*:}\""
    done
    for kind in "${SECURITY_KINDS[@]}"; do
      [[ $kind == sasl_* ]] || continue
      printf '%s\n' \
        "listener.name.$kind.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$jaas_users;" \
        "listener.name.$kind.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;" \
        "listener.name.$kind.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
    done
    if needs_tls; then
      printf '%s\n' 'ssl.keystore.type=PEM' "ssl.keystore.location=$TLS_DIR/broker-keystore.pem" \
        'ssl.truststore.type=PEM' "ssl.truststore.location=$TLS_DIR/ca.pem"
    fi
    if [[ " ${SECURITY_KINDS[*]} " == *" ssl "* ]]; then
      # The plain SSL listener authenticates clients by certificate: mutual TLS.
      printf '%s\n' 'listener.name.ssl.ssl.client.auth=required'
    fi
  } >>"$PROPS_FILE.tmp"
}

# SCRAM credentials are records in the KRaft metadata log, written when the storage is formatted; a
# data dir formatted for other users (or none) is disposable test state and is formatted again.
prepare_security_storage() {
  if [[ $(cat "$SECURITY_FILE" 2>/dev/null || true) != "$SECURITY_FINGERPRINT" ]]; then
    [[ -d $DATA_DIR ]] && log "security settings changed; wiping $DATA_DIR to format it with the new users"
    rm -rf "$DATA_DIR"
  fi
  local pair mechanism
  for pair in "${SASL_USER_PAIRS[@]}"; do
    for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
      FORMAT_EXTRA_ARGS+=(--add-scram "$mechanism=[name=${pair%%:*},password=${pair#*:}]")
    done
  done
}

# Serialises concurrent `up`/`down` on the same port (parallel CI jobs, two vitest processes). flock is
# util-linux; without it (macOS) we run unlocked, which is only a problem for truly concurrent calls.
lock_run_dir() {
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN_DIR/.lock"
    flock -w 180 9 || die "timed out waiting for another broker.sh on port $KAFKA_PORT ($RUN_DIR/.lock)"
  fi
}

broker_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid args
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must still be a Kafka JVM started with this run dir's config.
  if [[ -r /proc/$pid/cmdline ]]; then
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  else
    args=$(ps -p "$pid" -o args= 2>/dev/null || true)
  fi
  [[ $args == *kafka.Kafka* && $args == *"$PROPS_FILE"* ]] || return 1
  printf '%s\n' "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

fetch_libs() {
  [[ -f $LIBS_DIR/.complete ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is required to download the Kafka jars; install it or set KAFKA_BROKERS to an existing broker"
  mkdir -p "$KAFKA_HOME/$KAFKA_VERSION"
  # Two ports starting the same version at once must not both download into libs/.
  if command -v flock >/dev/null 2>&1; then
    exec 8>"$KAFKA_HOME/$KAFKA_VERSION/.lock"
    flock -w 600 8 || die "timed out waiting for another download of Kafka $KAFKA_VERSION"
    [[ -f $LIBS_DIR/.complete ]] && {
      exec 8>&-
      return 0
    }
  fi
  log "downloading Kafka $KAFKA_VERSION jars from Maven Central into $LIBS_DIR (first run only)"
  local tmp
  tmp=$(mktemp -d "$KAFKA_HOME/$KAFKA_VERSION/.libs.XXXXXX")
  # Maven's output goes to a file: even with -q, Maven 3.8 leaves ANSI resets on stdout.
  local mvn_log=$KAFKA_HOME/$KAFKA_VERSION/download.log
  if ! mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -Dkafka.logging="$KAFKA_LOGGING" \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    sed 's/\x1b\[[0-9;]*m//g' "$mvn_log" | grep -m 1 -E '^\[ERROR\] [A-Z]' >&2 || true
    die "could not download Kafka $KAFKA_VERSION (is org.apache.kafka:kafka_2.13:$KAFKA_VERSION on Maven Central? is the network up?)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || {
    rm -rf "$tmp"
    die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing from the classpath"
  }
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  touch "$LIBS_DIR/.complete"
  exec 8>&- 2>/dev/null || true
}

render_config() {
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
    -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@KAFKA_DATA_DIR@|$DATA_DIR|g" \
    "$HERE/server.properties" >"$PROPS_FILE.tmp"
  if ((KAFKA_MAJOR >= 4)); then
    # 4.x adds the share-group coordinator whose state topic defaults to 3 replicas; 3.x would only
    # warn about an unknown key, but keeping the 3.x config clean makes its log easier to read.
    printf '%s\n' '' '# Kafka 4.x only (appended by broker.sh)' \
      'share.coordinator.state.topic.replication.factor=1' \
      'share.coordinator.state.topic.min.isr=1' >>"$PROPS_FILE.tmp"
  fi
  [[ -z $KAFKA_SECURITY ]] || render_security_config
  mv "$PROPS_FILE.tmp" "$PROPS_FILE"
}

format_storage() {
  # A data dir formatted by another version is not worth migrating for a dev/test broker, and
  # downgrades (4.x -> 3.x metadata) are not supported by Kafka at all.
  if [[ -d $DATA_DIR && $(cat "$RUN_DIR/data.version" 2>/dev/null || true) != "$KAFKA_VERSION" ]]; then
    log "data in $DATA_DIR was written by another Kafka version; wiping it for $KAFKA_VERSION"
    rm -rf "$DATA_DIR"
  fi
  [[ -f $DATA_DIR/meta.properties ]] && return 0
  local cluster_id
  cluster_id=$(cat "$RUN_DIR/cluster.id" 2>/dev/null || true)
  if [[ ! $cluster_id =~ ^[A-Za-z0-9_-]{22}$ ]]; then
    # Kafka cluster ids are 16 random bytes, base64url without padding (what `random-uuid` prints).
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    printf '%s\n' "$cluster_id" >"$RUN_DIR/cluster.id"
  fi
  if ! java -cp "$LIBS_DIR/*" "$KAFKA_LOG_OPTS" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$PROPS_FILE" --ignore-formatted ${FORMAT_EXTRA_ARGS[@]+"${FORMAT_EXTRA_ARGS[@]}"} >"$RUN_DIR/format.log" 2>&1; then
    cat "$RUN_DIR/format.log" >&2
    die "formatting $DATA_DIR failed (output above, also in $RUN_DIR/format.log)"
  fi
  printf '%s\n' "$KAFKA_VERSION" >"$RUN_DIR/data.version"
}

# A Kafka API round trip, not just an open port: the listener socket is bound well before the broker
# has replayed the metadata log and been unfenced, and until then it cannot serve clients.
api_ready() {
  local rc=0
  if command -v node >/dev/null 2>&1; then
    node -e '
      const { createRequire } = require("node:module");
      const path = require("node:path");
      const [root, port] = process.argv.slice(1);
      let Kafka;
      for (const base of ["package.json", "services/runtime/package.json"]) {
        try { ({ Kafka } = createRequire(path.join(root, base))("kafkajs")); break; } catch {}
      }
      if (!Kafka) process.exit(3);
      const admin = new Kafka({
        clientId: "broker-sh-probe", brokers: ["127.0.0.1:" + port], logLevel: 0,
        retry: { retries: 0 }, connectionTimeout: 2000, requestTimeout: 5000,
      }).admin();
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        await admin.listTopics();
        await admin.disconnect();
        // Fenced brokers are left out of metadata responses, so our node only shows up once usable.
        process.exit(cluster.brokers.some((b) => b.nodeId === 1) ? 0 : 1);
      })().catch(() => process.exit(1));
    ' "$REPO_ROOT" "$KAFKA_PORT" || rc=$?
    [[ $rc != 3 ]] && return "$rc"
  fi
  # No node_modules yet (or no node): same check with the broker's own Java admin client.
  java_probe
}

java_probe() {
  local src=$KAFKA_HOME/ReadyProbe.java
  cat >"$src.tmp" <<'JAVA'
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

public class ReadyProbe {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", "127.0.0.1:" + args[0]);
    p.put("request.timeout.ms", "5000");
    p.put("default.api.timeout.ms", "8000");
    try (Admin admin = Admin.create(p)) {
      boolean ours = admin.describeCluster().nodes().get().stream().anyMatch(n -> n.id() == 1);
      admin.listTopics().names().get();
      System.exit(ours ? 0 : 1);
    }
  }
}
JAVA
  mv "$src.tmp" "$src"
  java -cp "$LIBS_DIR/*" "$KAFKA_LOG_OPTS" "$src" "$KAFKA_PORT" >>"$RUN_DIR/probe.log" 2>&1
}

wait_ready() {
  local pid=$1 deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail_start "the broker process (pid $pid) exited during startup"
    fi
    if port_open "$KAFKA_PORT" && api_ready; then
      return 0
    fi
    sleep 1
  done
  stop_pid "$pid"
  fail_start "the broker did not answer on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (raise KAFKA_START_TIMEOUT on slow machines)"
}

fail_start() {
  rm -f "$PID_FILE"
  {
    printf '[kafka] ERROR: %s\n' "$1"
    printf '[kafka] last lines of %s:\n' "$LOG_FILE"
    tail -n 40 "$LOG_FILE" 2>/dev/null | sed 's/^/    /'
  } >&2
  exit 1
}

stop_pid() {
  local pid=$1 deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "pid $pid still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
}

cmd_up() {
  validate
  lock_run_dir
  local pid started=$SECONDS
  if pid=$(broker_pid); then
    local running
    running=$(cat "$RUN_DIR/version" 2>/dev/null || echo unknown)
    [[ $running == "$KAFKA_VERSION" ]] ||
      die "port $KAFKA_PORT already runs kafka $running (pid $pid); stop it first: KAFKA_PORT=$KAFKA_PORT bash infra/kafka/broker.sh down"
    if [[ -n $KAFKA_SECURITY ]]; then
      [[ $(cat "$RUN_DIR/running.security" 2>/dev/null || true) == "$SECURITY_FINGERPRINT" ]] ||
        die "port $KAFKA_PORT already runs a broker with other security settings (pid $pid); stop it first: KAFKA_PORT=$KAFKA_PORT bash infra/kafka/broker.sh down"
    fi
    wait_ready "$pid"
    echo "kafka $KAFKA_VERSION ready at 127.0.0.1:$KAFKA_PORT (already running, pid $pid)"
    return 0
  fi
  rm -f "$PID_FILE"
  # Every topic a test run creates stays in the log; a broker that is started again and again for
  # test runs would grow until its heap no longer holds the partitions.
  if [[ $KAFKA_FRESH == 1 && -d $DATA_DIR ]]; then
    log "KAFKA_FRESH=1: starting from an empty data directory"
    rm -rf "$DATA_DIR"
  fi
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" $([[ -z $KAFKA_SECURITY ]] || security_ports); do
    ! port_open "$port" ||
      die "127.0.0.1:$port is already in use by something that is not this script's broker; pick other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT, or set KAFKA_BROKERS to use that broker"
  done
  command -v java >/dev/null 2>&1 || die "java (17+) is required to run the broker"

  fetch_libs
  if [[ -n $KAFKA_SECURITY ]]; then
    ! needs_tls || make_tls_material
    prepare_security_storage
  fi
  render_config
  format_storage
  if [[ -n $KAFKA_SECURITY ]]; then
    printf '%s\n' "$SECURITY_FINGERPRINT" >"$SECURITY_FILE"
    chmod 600 "$PROPS_FILE"
  fi

  # setsid: the broker must outlive the shell that started it and must not receive the terminal's
  # Ctrl-C meant for `pnpm test` (macOS has no setsid; nohup at least survives the terminal closing).
  # fd 9 (our lock) is closed so the JVM does not hold it forever.
  local detach=nohup
  command -v setsid >/dev/null 2>&1 && detach=setsid
  # KAFKA_HEAP_OPTS / KAFKA_OPTS are word-split on purpose, like Kafka's own scripts do.
  # shellcheck disable=SC2086
  "$detach" java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true "$KAFKA_LOG_OPTS" ${KAFKA_OPTS:-} \
    -cp "$LIBS_DIR/*" kafka.Kafka "$PROPS_FILE" >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"
  printf '%s\n' "$KAFKA_VERSION" >"$RUN_DIR/version"
  if [[ -n $KAFKA_SECURITY ]]; then
    printf '%s\n' "$SECURITY_FINGERPRINT" >"$RUN_DIR/running.security"
  else
    rm -f "$RUN_DIR/running.security"
  fi
  wait_ready "$pid"
  echo "kafka $KAFKA_VERSION ready at 127.0.0.1:$KAFKA_PORT (pid $pid, started in $((SECONDS - started))s, log $LOG_FILE)"
  [[ -z $KAFKA_SECURITY ]] || print_security
}

print_security() {
  local kind
  for kind in "${SECURITY_KINDS[@]}"; do
    case $kind in
      sasl_plaintext) echo "  SASL_PLAINTEXT 127.0.0.1:$KAFKA_SASL_PLAINTEXT_PORT (SCRAM-SHA-256, SCRAM-SHA-512, PLAIN)" ;;
      sasl_ssl) echo "  SASL_SSL       127.0.0.1:$KAFKA_SASL_SSL_PORT (SCRAM-SHA-256, SCRAM-SHA-512, PLAIN; CA $TLS_DIR/ca.pem)" ;;
      ssl) echo "  SSL            127.0.0.1:$KAFKA_SSL_PORT (client certificate required: $TLS_DIR/client.pem, client.key)" ;;
    esac
  done
}

cmd_down() {
  validate
  lock_run_dir
  local pid
  if ! pid=$(broker_pid); then
    rm -f "$PID_FILE"
    echo "kafka on 127.0.0.1:$KAFKA_PORT is not running"
    return 0
  fi
  stop_pid "$pid"
  rm -f "$PID_FILE"
  echo "kafka $(cat "$RUN_DIR/version" 2>/dev/null || true) on 127.0.0.1:$KAFKA_PORT stopped (pid $pid)"
}

cmd_status() {
  validate
  local pid
  if pid=$(broker_pid); then
    echo "kafka $(cat "$RUN_DIR/version" 2>/dev/null || echo unknown) running at 127.0.0.1:$KAFKA_PORT (pid $pid, log $LOG_FILE)"
  else
    echo "kafka on 127.0.0.1:$KAFKA_PORT is not running"
    return 1
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    echo "usage: bash infra/kafka/broker.sh up|down|status   (env: KAFKA_VERSION, KAFKA_PORT, KAFKA_CONTROLLER_PORT, WIRESTREAM_CACHE; see infra/kafka/README.md)" >&2
    exit 2
    ;;
esac
