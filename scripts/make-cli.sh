#!/usr/bin/env bash
# Turns make variables (from the environment) into ocivanilla arguments without any shell
# evaluation of their values. Variables left empty are not passed.
# Usage: OVL_BIN=build/ocivanilla scripts/make-cli.sh TARGET
set -euo pipefail
target="$1"
bin="${OVL_BIN:-build/ocivanilla}"
args=()
opt() { # opt FLAG VALUE: adds "FLAG VALUE" when VALUE is not empty
  if [ -n "${2:-}" ]; then args+=("$1" "$2"); fi
}
flag() { # flag FLAG VALUE: adds FLAG when VALUE is 1/yes/true
  case "${2:-}" in 1|yes|true) args+=("$1") ;; esac
}
need_name() {
  if [ -z "${NAME:-}" ]; then
    echo "usage: make $target NAME=<name|ocid> $1" >&2
    exit 2
  fi
}
common() {
  flag --dry-run "${DRY_RUN:-}"
  flag --yes "${YES:-}"
  flag --wait "${WAIT:-}"
  opt -o "${OUTPUT:-}"
}
case "$target" in
  launch)
    need_name "[SHAPE=..] [OCPUS=..] [MEMORY=..] [IMAGE=ocid] [AD=..] [SUBNET=ocid] [TTL=8h] [TIER=..] [NAMESPACE=..] [TAGS=\"k=v ..\"] [WAIT=1] [DRY_RUN=1]"
    args=(launch "$NAME")
    opt --shape "${SHAPE:-}"; opt --ocpus "${OCPUS:-}"; opt --memory "${MEMORY:-}"
    opt --image "${IMAGE:-}"; opt --image-os "${IMAGE_OS:-}"; opt --image-version "${IMAGE_VERSION:-}"
    opt --ad "${AD:-}"; opt --subnet-id "${SUBNET:-}"; opt --ssh-key-file "${SSH_KEY:-}"
    opt --boot-volume-gb "${BOOT_GB:-}"; opt --user-data-file "${USER_DATA:-}"
    opt --namespace "${NAMESPACE:-}"; opt --tier "${TIER:-}"; opt --ttl "${TTL:-}"
    opt --max-wait "${MAX_WAIT:-}"; flag --retry-capacity "${RETRY_CAPACITY:-}"
    flag --allow-over-budget "${ALLOW_OVER_BUDGET:-}"
    flag --dry-run "${DRY_RUN:-}"; flag --wait "${WAIT:-}"; opt -o "${OUTPUT:-}"
    if [ -n "${TAGS:-}" ]; then
      read -r -a tag_words <<< "$TAGS"
      for t in "${tag_words[@]}"; do args+=(--tag "$t"); done
    fi ;;
  list)
    args=(list)
    opt --namespace "${NAMESPACE:-}"; opt --tier "${TIER:-}"; opt --state "${STATE:-}"
    flag --all "${ALL:-}"; flag --expired "${EXPIRED:-}"; opt -o "${OUTPUT:-}" ;;
  terminate)
    need_name "[YES=1] [FORCE=1] [PRESERVE_BOOT_VOLUME=1] [WAIT=1] [DRY_RUN=1]"
    args=(terminate "$NAME")
    flag --force "${FORCE:-}"; flag --preserve-boot-volume "${PRESERVE_BOOT_VOLUME:-}"
    common ;;
  tag)
    need_name "TAGS=\"key=value key2=value2\" [REMOVE=key] [DRY_RUN=1]"
    args=(tag "$NAME")
    # TAGS is split on whitespace into KEY=VALUE words (no globbing, no evaluation).
    read -r -a tag_words <<< "${TAGS:-}"
    args+=("${tag_words[@]}")
    if [ -n "${REMOVE:-}" ]; then
      read -r -a remove_words <<< "$REMOVE"
      for k in "${remove_words[@]}"; do args+=(--remove "$k"); done
    fi
    flag --dry-run "${DRY_RUN:-}"; opt -o "${OUTPUT:-}" ;;
  start|stop)
    need_name "[WAIT=1] [SOFT=1] [DRY_RUN=1]"
    args=("$target" "$NAME")
    if [ "$target" = stop ]; then flag --soft "${SOFT:-}"; fi
    flag --wait "${WAIT:-}"; flag --dry-run "${DRY_RUN:-}"; opt -o "${OUTPUT:-}" ;;
  cleanup) args=(cleanup); flag --dry-run "${DRY_RUN:-}"; flag --yes "${YES:-}" ;;
  plan|plan-status) args=(plan status) ;;
  plan-check) args=(plan check) ;;
  plan-apply) args=(plan apply); flag --dry-run "${DRY_RUN:-}"; flag --yes "${YES:-}" ;;
  doctor) args=(doctor) ;;
  *) echo "make-cli.sh: unknown target $target" >&2; exit 2 ;;
esac
[ -n "${PLAN:-}" ] && args+=(--plan "$PLAN")
[ -n "${PROFILE:-}" ] && args+=(--profile "$PROFILE")
exec "$bin" "${args[@]}"
