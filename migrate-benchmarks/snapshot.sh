# Sourced by run.sh and data-script.sh, with ROOT (the repository) and WORK (the work directory) set.
#
# Copies the entries of a class path into $WORK/lib and prints the class path of the copies, so that
# rebuilding the project while a benchmark runs does not change what is measured.
snapshot() {
  local out=() entry name entries
  IFS=: read -r -a entries <<<"$1"
  for entry in "${entries[@]}"; do
    [[ -n "$entry" ]] || continue
    if [[ -d "$entry" ]]; then
      name=$(echo "$entry" | sed "s|^$ROOT/||; s|[/]|_|g")
      rm -rf "$WORK/lib/$name"
      cp -r "$entry" "$WORK/lib/$name"
    else
      name=$(basename "$entry")
      cp -f "$entry" "$WORK/lib/$name"
    fi
    out+=("$WORK/lib/$name")
  done
  (IFS=:; echo "${out[*]}")
}
