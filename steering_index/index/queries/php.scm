; Extraction query for PHP. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(class_declaration name: (name)) @definition.class
(interface_declaration name: (name)) @definition.interface
(trait_declaration name: (name)) @definition.trait
(enum_declaration name: (name)) @definition.enum
(function_definition name: (name)) @definition.function
; `__construct` is the constructor.
(method_declaration name: (name)) @definition.method
(const_declaration) @definition.constant
(property_declaration) @definition.property

; --- imports -----------------------------------------------------------------

(namespace_use_declaration) @import
(expression_statement
  [(require_expression) (require_once_expression)
   (include_expression) (include_once_expression)] @import)

; --- references --------------------------------------------------------------

(function_call_expression function: (name) @reference.call)
(function_call_expression function: (qualified_name (name) @reference.call .))
(member_call_expression name: (name) @reference.member)
(nullsafe_member_call_expression name: (name) @reference.member)
(scoped_call_expression name: (name) @reference.member)
(scoped_call_expression scope: (name) @reference)
(object_creation_expression (name) @reference.call)
(object_creation_expression (qualified_name (name) @reference.call .))
(named_type (name) @reference)
(base_clause (name) @reference)
(class_interface_clause (name) @reference)
(use_declaration (name) @reference)
(attribute (name) @reference)
(catch_clause type: (type_list (named_type (name) @reference)))
; A name built in a string, to call or read what it names (`$method = "add_{$key}";` then
; `$this->{$method}(...)`): a reference named by the quoted template, so that the
; conventions leave the names it builds alone. Only a template made of a name's characters.
((encapsed_string (variable_name)) @reference
  (#match? @reference "^\"[A-Za-z0-9_]*(\\{?\\$[A-Za-z_][A-Za-z0-9_]*\\}?[A-Za-z0-9_]*)+\"$"))

; --- comments ----------------------------------------------------------------

(comment) @comment
