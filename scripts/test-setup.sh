#!/usr/bin/env bash
# Run by `npm test` before the tests (the `pretest` script): makes this machine ready for them.
# 1. The Debian packages in scripts/test-packages.txt: installed when missing (as root), or named
#    in one line and we stop (not root) — never a raw ENOENT from inside a test.
# 2. The local services the tests talk to: started when not up, then waited for.
# Prints one line per thing it does.
set -uo pipefail
cd "${BASH_SOURCE[0]%/*}/.." || exit 1
# Daemons live in sbin, which a non-root PATH often lacks.
PATH="$PATH:/usr/sbin:/sbin"
say() { echo "test-setup: $*"; }

missing=()
while read -r cmd pkg _; do
  [[ -z "${cmd:-}" || "$cmd" == \#* ]] && continue
  command -v "$cmd" >/dev/null || missing+=("$pkg")
done < scripts/test-packages.txt

if ((${#missing[@]})); then
  if ((EUID != 0)); then
    say "missing Debian packages; as root run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  say "apt-get update"
  apt-get update -qq >/dev/null || { say "apt-get update failed" >&2; exit 1; }
  for pkg in "${missing[@]}"; do
    say "installing $pkg"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1 || { say "could not install $pkg (apt-get install $pkg)" >&2; exit 1; }
  done
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=()
start() { # name port command...
  local name=$1 port=$2; shift 2
  port_open "$port" && return
  say "starting $name"
  "$@" >/dev/null 2>&1 || say "could not start $name: $* (exit $?)" >&2
  started+=("$name:$port")
}

start PostgreSQL 5432 pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
start Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
start RabbitMQ 5672 rabbitmq-server -detached
start Mosquitto 1883 mosquitto -d -c /etc/mosquitto/mosquitto.conf
start NATS 4222 start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
start MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd

for entry in ${started[@]+"${started[@]}"}; do
  name=${entry%%:*} port=${entry##*:}
  say "waiting for $name on port $port"
  for ((i = 0; i < 120; i++)); do port_open "$port" && break; sleep 1; done
  port_open "$port" || { say "$name did not come up on port $port within 120 s" >&2; exit 1; }
done
((${#started[@]} + ${#missing[@]})) || say "Debian packages present, services up"
exit 0
