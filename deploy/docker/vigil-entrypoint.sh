#!/bin/sh
# Entrypoint of the Vigil image: runs io.vigil.cli.Main from /opt/vigil/lib.
#   VIGIL_LOG_FORMAT=json|text   structured JSON logs (one object per line, ECS fields) or console
#   VIGIL_JAVA_OPTS              extra JVM flags
set -eu
LOG_CONFIG=classpath:vigil-log4j2.properties
if [ "${VIGIL_LOG_FORMAT:-text}" = "json" ]; then
  LOG_CONFIG=classpath:vigil-log4j2-json.properties
fi
# shellcheck disable=SC2086
exec java ${VIGIL_JAVA_OPTS:-} -XX:+UseParallelGC \
  -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vigil \
  -Dlog4j2.configurationFile="$LOG_CONFIG" \
  -cp "/opt/vigil/lib/*" io.vigil.cli.Main "$@"
