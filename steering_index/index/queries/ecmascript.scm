; Patterns shared by JavaScript, TypeScript and TSX (see languages.py for how the query
; files of a language are combined). Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(function_declaration name: (identifier)) @definition.function
(generator_function_declaration name: (identifier)) @definition.function
(class_body (method_definition name: (_)) @definition.method)

; Top-level `const`/`let`/`var` (plain or exported): function, constant or variable by
; the value and the keyword.
(program (lexical_declaration (variable_declarator name: (identifier)) @definition.declarator))
(program (variable_declaration (variable_declarator name: (identifier)) @definition.declarator))
(export_statement (lexical_declaration (variable_declarator name: (identifier)) @definition.declarator))
(export_statement (variable_declaration (variable_declarator name: (identifier)) @definition.declarator))

; `export { a, b as c }` of local names (not a re-export `from` another module).
(export_statement (export_clause (export_specifier name: (identifier) @export.name)) !source)
(export_statement value: (identifier) @export.name)

; CommonJS: `module.exports = { a, b }` and `module.exports = a`.
(assignment_expression
  left: (member_expression
    object: (identifier) @_module
    property: (property_identifier) @_exports)
  right: [
    (identifier) @export.name
    (object (shorthand_property_identifier) @export.name)
  ]
  (#eq? @_module "module")
  (#eq? @_exports "exports"))

; --- imports -----------------------------------------------------------------

(import_statement) @import
(export_statement source: (string)) @import
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (string))
  (#eq? @_require "require")) @import.require

; --- references --------------------------------------------------------------

(call_expression function: (identifier) @reference.call)
(call_expression function: (member_expression property: (property_identifier) @reference.call))
(new_expression constructor: (identifier) @reference.call)
(new_expression constructor: (member_expression property: (property_identifier) @reference.call))

; --- comments ----------------------------------------------------------------

(comment) @comment
