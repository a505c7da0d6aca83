; Extraction query for Bash. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(function_definition name: (word)) @definition.function
; Top-level assignments: constants when `readonly` or `declare -r`, else variables.
(program (variable_assignment) @definition.member)
(program (declaration_command (variable_assignment) @definition.member))

; --- imports -----------------------------------------------------------------

(command
  name: (command_name (word) @_source)
  argument: (_)
  (#any-of? @_source "source" ".")) @import

; --- references --------------------------------------------------------------

(command name: (command_name (word) @reference.call))

; --- comments ----------------------------------------------------------------

(comment) @comment
