#!/bin/sh
# supportctl-man.sh SUPPORTCTL VERSION [OUTPUT]   (default: standard output)
# Writes the manual page supportctl(1) from the program's own help: `supportctl --help` gives the
# description, the command groups and the common options; every `supportctl COMMAND --help` becomes
# that command's section. Run at build time (examples/supportctl/CMakeLists.txt), so the manual is the
# help of the very binary that is installed. POSIX sh, sed and awk only.
set -eu
prog=$1 version=$2
export LC_ALL=C.UTF-8
if [ $# -ge 3 ]; then             # into OUTPUT, whole or not at all
  sh "$0" "$prog" "$version" >"$3.tmp" || { rm -f "$3.tmp"; exit 1; }
  exec mv -f "$3.tmp" "$3"
fi

# roff-safe text: backslashes, a leading . or ', and minus signs (options) escaped.
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" -e 's/-/\\-/g'; }

help=$("$prog" --help)
commands=$(printf '%s\n' "$help" | awk '/^[A-Z].*:$/ { g = 1; next } g && /^  [a-z]/ { print $1 } /^$/ { g = 0 }')
[ -n "$commands" ] || { echo "supportctl-man.sh: no commands in $prog --help" >&2; exit 1; }

cat <<ROFF
.\\" Generated from \`supportctl --help' by cmake/supportctl-man.sh: do not edit.
.TH SUPPORTCTL 1 "" "libsupport $version" "User Commands"
.SH NAME
supportctl \\- the managers' command\\-line tool for the libsupport support and renewal policy
.SH SYNOPSIS
.B supportctl
.I COMMAND
.RI [ OPTIONS ]
.br
.B supportctl
.I COMMAND
.B \\-\\-help
.br
.B supportctl
.BR \\-\\-help " | " \\-\\-version
ROFF

# The main help: description, groups of commands, then the common options and the exit status.
printf '%s\n' "$help" | esc | awk '
  function text(line) {                              # filled text; a blank line starts a paragraph
    if (line == "") { pp = started; return }
    if (pp) print ".PP"
    pp = 0; started = 1; print line }
  NR == 1 { next }                                   # usage: line (the SYNOPSIS above)
  /^[A-Z].*:$/ && part != "common" && part != "exit" {   # a group of commands
    if (part != "group") print ".SH COMMANDS"
    part = "group"; sub(/:$/, ""); print ".SS \"" $0 "\""; next }
  part == "group" && /^  [a-z]/ {
    name = $1; syn = $0; sub(/^  [^ ]+ +/, "", syn)
    print ".TP"; print ".B " name; print syn; next }
  part == "group" && /^$/ { next }
  part == "group" { part = "common"; started = 0; pp = 0; print ".SH \"COMMON OPTIONS AND OUTPUT\"" }
  part == "common" && /^Exit status:/ {
    part = "exit"; started = 0; pp = 0; print ".SH \"EXIT STATUS\""; sub(/^Exit status: */, "") }
  part == "" { part = "desc"; print ".SH DESCRIPTION" }
  { text($0) }
'

echo '.SH "COMMAND REFERENCE"'
echo 'Each command'\''s own help, as printed by'
echo '.BI "supportctl " COMMAND " \-\-help" .'
for c in $commands; do
  echo ".SS $(printf "%s" "$c" | esc)"
  echo ".nf"
  "$prog" "$c" --help | esc
  echo ".fi"
done

cat <<'ROFF'
.SH "SEE ALSO"
The overview of the commands, the ledger and the demo: docs/supportctl.md and docs/ledger.md in the
libsupport documentation (Debian package libsupport\-doc, /usr/share/doc/libsupport\-doc/).
ROFF
