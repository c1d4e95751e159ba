# Shared shell functions for ./capstan and ./test-all. Source it; it defines functions only.

# Prints the JAVA_HOME of the newest JDK >= 21 (JAVA_HOME first if it qualifies, then
# /usr/lib/jvm/*). Fails with the list of JDKs found when there is none.
capstan_find_jdk() {
  local best="" best_major=0 candidate major found=()
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    # the JDK's release file names its version; starting each JDK to ask it took 0.05 s apiece on every
    # command. A JDK without the file (or with an old 1.x version) is asked.
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null | head -1)"
    if [ -z "$major" ] || [ "$major" = 1 ]; then
      major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = //p' | head -1)"
    fi
    major="${major%%.*}"
    [ -n "$major" ] || continue
    found+=("$candidate (Java $major)")
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "capstan: no JDK 21 or newer found. JDKs found: ${found[*]:-none}." >&2
    echo "capstan: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
    return 1
  fi
  echo "$best"
}

# True when the app jar is missing or any source/pom (the web UI's sources too) is newer than it.
capstan_needs_build() {
  local jar="$1" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  [ -f "$jar" ] || return 0
  [ -n "$(find "$root" -path "$root/.venv" -prune -o -path "$root/.venv-drift" -prune -o -path "$root/.venv-validate" -prune -o -path '*/node_modules' -prune -o \
    \( -name pom.xml -o -path '*/src/main/*' -o -path '*/src/build/*' -o -path "$root/ui/src/*" -o -path "$root/ui/public/*" \
    -o -path "$root/ui/index.html" -o -path "$root/ui/package-lock.json" -o -path "$root/ui/vite.config.js" \) \
    -newer "$jar" -print -quit 2>/dev/null)" ]
}

# Ensures Maven is there (Debian's package on a fresh machine).
capstan_ensure_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "capstan: installing maven..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  fi
}

# Builds the server (no tests) with the given JDK.
# Installs a Debian package when COMMAND is missing: capstan_ensure_command COMMAND PACKAGE
capstan_ensure_command() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "capstan: installing $2 (Debian package) for $1" >&2
    local sudo_cmd=()
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
}

capstan_build() {
  local java_home="$1" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  capstan_ensure_maven
  (cd "$root" && JAVA_HOME="$java_home" MAVEN_OPTS="${MAVEN_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}" \
    mvn -q -B -DskipTests -pl app -am package)
  rm -f "$root/app/target/capstan.jsa" "$root/app/target/"capstan-*.aot
}
