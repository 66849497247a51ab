#!/usr/bin/env bash
# How much `dockstart:generate` bound into a build adds to it.
#
# Times `mvn validate` (median of RUNS runs) on the demo project and on a generated reactor of
# MODULES modules, once without and once with the generate execution bound. Two figures for the
# plugin's own cost: the difference of the medians (includes loading the plugin), and the time
# between its execution's first log line and the next step of the build, from Maven's own
# timestamps (median). Every run after the first finds .devcontainer/ up to date, which is the
# case that matters for a bound execution.
#
# Usage: bench/generate-bench.sh [RUNS] [MODULES]   (after ./mvnw install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-7}
modules=${2:-50}
# shellcheck source=bench/lib.sh
. bench/lib.sh
version=$(bench_version)
bench_workdir dockstart-generate-bench
work=$BENCH_WORK

# the execution block of dockstart's README, bound to validate (its default phase is initialize,
# which `mvn validate` would not reach)
execution='<executions><execution><phase>validate</phase><goals><goal>generate</goal></goals></execution></executions>'

# Maven logs with millisecond timestamps, so that the plugin's executions can be timed from the log
timestamps=(-B -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)

plugin_ms() { # maven log -> total ms spent in dockstart executions
  awk '
    function ms(t) { split(t, p, /[:.]/); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 + p[4] }
    /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+ / {
      t = ms($1)
      if (inside && (/ --- / || /--------------------/)) { total += t - start; inside = 0 }
      if (/ --- dockstart:/) { inside = 1; start = t }
    }
    END { print total + 0 }' "$1"
}

time_runs() { # pom label -> sets wall_ms (median) and mojo_ms (median)
  local walls=() mojos=() start end log
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$root/mvnw" -o "${timestamps[@]}" -f "$1" validate >"$log"
    end=$(date +%s%N)
    walls+=($(( (end - start) / 1000000 )))
    mojos+=("$(plugin_ms "$log")")
  done
  rm -f "$log"
  wall_ms=$(printf '%s\n' "${walls[@]}" | bench_median)
  mojo_ms=$(printf '%s\n' "${mojos[@]}" | bench_median)
}

with_execution() { # pom -> the same pom with generate bound in the dockstart plugin's declaration
  perl -0pe "s#(<artifactId>dockstart-maven-plugin</artifactId>\\s*<version>[^<]*</version>)#\$1$execution#" "$1"
}

make_reactor() { # dir -> a reactor of $modules modules, each with a PostgreSQL driver and config
  local dir=$1
  mkdir -p "$dir"
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '<groupId>bench</groupId><artifactId>reactor</artifactId><version>1</version><packaging>pom</packaging>'
    echo '<properties><maven.compiler.release>17</maven.compiler.release></properties><modules>'
    for i in $(seq "$modules"); do echo "<module>m$i</module>"; done
    echo '</modules><build><plugins><plugin><groupId>io.github.dockstart</groupId>'
    echo "<artifactId>dockstart-maven-plugin</artifactId><version>$version</version></plugin></plugins></build></project>"
  } >"$dir/pom.xml"
  for i in $(seq "$modules"); do
    mkdir -p "$dir/m$i/src/main/resources"
    cat >"$dir/m$i/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<parent><groupId>bench</groupId><artifactId>reactor</artifactId><version>1</version></parent>
<artifactId>m$i</artifactId>
<dependencies><dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.4</version></dependency></dependencies>
</project>
POM
    printf 'spring.datasource.url=jdbc:postgresql://localhost:5432/reactor\nspring.datasource.username=reactor\n' \
      >"$dir/m$i/src/main/resources/application.properties"
  done
}

measure() { # label dir
  local label=$1 dir=$2 without with mojo
  cp "$dir/pom.xml" "$dir/pom-without.xml"
  with_execution "$dir/pom-without.xml" >"$dir/pom-with.xml"
  grep -q '<goal>generate</goal>' "$dir/pom-with.xml" || { echo "could not bind generate in $dir/pom.xml" >&2; exit 1; }
  cp "$dir/pom-with.xml" "$dir/pom.xml"
  # the first run writes .devcontainer/
  "$root/mvnw" -q -o -f "$dir/pom.xml" validate >"$work/first.log" || { cat "$work/first.log" >&2; exit 1; }
  cp "$dir/pom-without.xml" "$dir/pom.xml"
  time_runs "$dir/pom.xml"
  without=$wall_ms
  cp "$dir/pom-with.xml" "$dir/pom.xml"
  time_runs "$dir/pom.xml"
  with=$wall_ms
  mojo=$mojo_ms
  printf '| %s | %d ms | %d ms | %d ms | %d ms | %s |\n' "$label" "$without" "$with" $((with - without)) "$mojo" \
    "$(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.2fx", a / b }')"
}

cp -r examples/demo "$work/demo"
rm -rf "$work/demo/.devcontainer" "$work/demo/backups"
make_reactor "$work/reactor"
make_reactor_small() { local saved=$modules; modules=$((modules / 5)); make_reactor "$1"; modules=$saved; }
make_reactor_small "$work/reactor-small"

echo "generate benchmark: median of $runs runs of 'mvn -o validate', $(nproc) cores, $(date -u +%F)"
echo
echo '| project | without generate | with generate | difference | generate executions (from the log) | ratio |'
echo '|---|---|---|---|---|---|'
measure "examples/demo" "$work/demo"
measure "reactor of $((modules / 5)) modules" "$work/reactor-small"
measure "reactor of $modules modules" "$work/reactor"
