; Extraction query for Ruby. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(class name: (_)) @definition.class
(module name: (_)) @definition.module
; A `def` in a class is a method (`def self.x` too); at the top or in a module, a function.
(method name: (_)) @definition.function
(singleton_method name: (_)) @definition.function
; Constants are assigned at the top, in a class or in a module (never in a method).
(program (assignment left: (constant)) @definition.constant)
(class (body_statement (assignment left: (constant)) @definition.constant))
(module (body_statement (assignment left: (constant)) @definition.constant))

; --- imports -----------------------------------------------------------------

(call
  !receiver
  method: (identifier) @_require
  arguments: (argument_list . (string))
  (#any-of? @_require "require" "require_relative" "load")) @import

; --- references --------------------------------------------------------------

(call !receiver method: (identifier) @reference.call)
(call receiver: (_) method: (identifier) @reference.member)
(constant) @reference
; Names looked up by a string, often built (`const_get("XmlMini_#{name}")`,
; `send("handle_#{event}")`, `"#{name}Serializer".constantize`): a reference named by the
; quoted literal, so that the conventions leave the names it spells or builds alone.
(call
  method: (identifier) @_lookup
  arguments: (argument_list . [(string) (delimited_symbol)] @reference)
  (#any-of? @_lookup
    "const_get" "const_defined?" "send" "public_send" "__send__" "method" "public_method"
    "instance_method" "respond_to?" "instance_variable_get" "class_variable_get")
  (#match? @reference "^:?[\"'][^\"'\n]{1,80}[\"']$"))
(call
  receiver: (string) @reference
  method: (identifier) @_constantize
  (#any-of? @_constantize "constantize" "safe_constantize")
  (#match? @reference "^[\"'][^\"'\n]{1,80}[\"']$"))

; --- comments ----------------------------------------------------------------

(comment) @comment
