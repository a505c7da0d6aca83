"""Signatures and class outlines for a target in C, C# and Ruby: an `#include`, a `using`
and a `require_relative` bring every name of a file or namespace, and the target is sent
what it uses from them, and nothing it does not use."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.index.indexer import Indexer
from steering_index.model import FocusedContext, LineRange
from steering_index.retrieval.context import build_context, workspace_for
from steering_index.store import IndexStore
from tests.workspaces import write_tree


def _context(
    tmp_path: Path,
    files: dict[str, str],
    path: str,
    lines: LineRange,
    task: str = "log each push",
) -> FocusedContext:
    root = write_tree(tmp_path / "ws", files)
    store = IndexStore.open(tmp_path / "index.db")
    Indexer(root, store).build()
    try:
        return build_context(workspace_for(root, store), path, lines, task)
    finally:
        store.close()


def _items(context: FocusedContext, kind: str) -> dict[str, str]:
    return {i.source: i.text for i in context.items if i.kind == kind}


def test_c_signatures_come_from_the_included_header(tmp_path: Path) -> None:
    files = {
        "src/ring.h": (
            "/* Pushes bytes; returns 0 when full. */\n"
            "int ring_push(struct ring *r, const void *bytes, size_t n);\n"
            "void ring_clear(struct ring *r);\n"
        ),
        "src/queue.c": (
            '#include <string.h>\n#include "ring.h"\n\n'
            "int queue_put(struct ring *r, const char *s)\n{\n"
            "    return ring_push(r, s, strlen(s));\n}\n"
        ),
    }
    context = _context(tmp_path, files, "src/queue.c", LineRange(6, 6))
    signatures = _items(context, "signature")
    assert list(signatures) == ["src/ring.h"]
    text = signatures["src/ring.h"]
    assert "int ring_push(struct ring *r, const void *bytes, size_t n)" in text
    assert "Pushes bytes; returns 0 when full." in text
    assert "ring_clear" not in text


def test_csharp_classes_of_a_used_namespace_are_outlined(tmp_path: Path) -> None:
    files = {
        "src/Billing/Models/Invoice.cs": (
            "namespace Billing.Models\n{\n    public class Invoice\n    {\n"
            "        public decimal Total { get; set; }\n"
            "        public void AddLine(string sku, decimal amount) { }\n    }\n}\n"
        ),
        "src/Billing/Models/Refund.cs": (
            "namespace Billing.Models\n{\n    public class Refund\n    {\n    }\n}\n"
        ),
        "src/Billing/Services/InvoiceService.cs": (
            "using Billing.Models;\n\nnamespace Billing.Services\n{\n"
            "    public class InvoiceService\n    {\n"
            "        public Invoice Issue(string sku)\n        {\n"
            "            var invoice = new Invoice();\n"
            "            invoice.AddLine(sku, 10m);\n            return invoice;\n"
            "        }\n    }\n}\n"
        ),
    }
    context = _context(tmp_path, files, "src/Billing/Services/InvoiceService.cs", LineRange(9, 11))
    outlines = _items(context, "outline")
    assert list(outlines) == ["src/Billing/Models/Invoice.cs"]
    assert (
        "public void AddLine(string sku, decimal amount)"
        in outlines["src/Billing/Models/Invoice.cs"]
    )


def test_ruby_required_file_gives_its_signatures(tmp_path: Path) -> None:
    files = {
        "lib/shop/pricing.rb": (
            "# Total in cents, tax included.\ndef total_with_tax(cents, rate)\n"
            "  (cents * (1 + rate)).round\nend\n\ndef unused_helper\nend\n"
        ),
        "lib/shop/checkout.rb": (
            'require_relative "pricing"\n\n'
            "def checkout(cart)\n  total_with_tax(cart.cents, 0.2)\nend\n"
        ),
    }
    context = _context(tmp_path, files, "lib/shop/checkout.rb", LineRange(4, 4))
    signatures = _items(context, "signature")
    assert list(signatures) == ["lib/shop/pricing.rb"]
    assert "def total_with_tax(cents, rate)" in signatures["lib/shop/pricing.rb"]
    assert "unused_helper" not in signatures["lib/shop/pricing.rb"]


def _named(context: FocusedContext) -> dict[str, tuple[str, str]]:
    return {i.id: (i.text, i.reason) for i in context.items if i.kind == "definition"}


def test_a_large_module_and_a_large_function_a_task_names_are_outlined(tmp_path: Path) -> None:
    # Ruby and TypeScript bodies end with `end` and `}`, not a line ending with `:`: an
    # outline is their header, `...`, what they return and their closing line.
    steps = "".join(f"    total += {n}\n" for n in range(120))
    files = {
        "lib/shop/cart.rb": (
            "module Shop\n  # Carts hold lines.\n  class Cart\n"
            + "".join(f"    def line_{n}(sku)\n      sku\n    end\n\n" for n in range(60))
            + "  end\nend\n"
        ),
        "lib/shop/refund.rb": (
            "module Shop\n  class Refund\n    def issue(cart)\n      cart\n    end\n  end\nend\n"
        ),
        "src/totals.ts": (
            "export function sumTotals(\n  prices: number[],\n  tax: number,\n): number {\n"
            "  let total = 0;\n" + steps.replace("    ", "  ") + "  return total * tax;\n}\n"
        ),
        "src/report.ts": (
            'import { sumTotals } from "./totals";\n\n'
            "export function report(): string {\n  return String(sumTotals([1], 2));\n}\n"
        ),
    }
    root = write_tree(tmp_path / "ws", files)
    store = IndexStore.open(tmp_path / "index.db")
    Indexer(root, store).build()
    workspace = workspace_for(root, store)
    try:
        ruby = build_context(workspace, "lib/shop/refund.rb", LineRange(3, 5), "use Shop carts")
        ts = build_context(workspace, "src/report.ts", LineRange(3, 5), "round `sumTotals`")
    finally:
        store.close()
    module, why = _named(ruby)["lib/shop/cart.rb::Shop"]
    assert "outlined" in why
    assert module == "module Shop\n  class Cart ...\n"
    function, why = _named(ts)["src/totals.ts::sumTotals"]
    assert "outlined" in why
    assert function == (
        "export function sumTotals(\n  prices: number[],\n  tax: number,\n): number {\n"
        "  ...\n  return total * tax;\n}\n"
    )


def test_an_example_at_the_target_lines_elsewhere_shares_no_global_import(tmp_path: Path) -> None:
    # Both files `use Closure;` and `use function sprintf;`: names of PHP's global
    # namespace, which every file draws from; only `App\Billing` is a shared import.
    def service(name: str) -> str:
        return (
            "<?php\nnamespace App\\Http;\n\nuse Closure;\nuse App\\Billing\\Invoice;\n"
            "use function sprintf;\n\n"
            f"class {name}\n{{\n    public function handle(Closure $next): string\n    {{\n"
            "        return sprintf('%s', $next(new Invoice()));\n    }\n}\n"
        )

    files = {"src/Http/Orders.php": service("Orders"), "src/Http/Refunds.php": service("Refunds")}
    context = _context(tmp_path, files, "src/Http/Refunds.php", LineRange(10, 13))
    # Orders.handle sits at the same lines in its own file as the target does in its: the
    # lines already sent are those of the target's file only.
    [example] = [i for i in context.items if i.kind == "example"]
    assert example.id == "src/Http/Orders.php::Orders.handle"
    assert "shares imports App\\Billing, name shares" in example.reason


def test_a_kotlin_class_outline_keeps_its_constructor_and_drops_doc_comments(
    tmp_path: Path,
) -> None:
    members = "".join(
        f"  /**\n   * Step {n}.\n   */\n  fun step{n}(count: Int): Int {{\n"
        + "    return count + 1\n" * 12
        + "  }\n\n"
        for n in range(12)
    )
    files = {
        "src/Loader.kt": (
            "class Loader(\n  private val holder: Holder\n) : Target<Drawable> {\n"
            "  /** Whether a source is set. */\n  var hasSource = false\n\n" + members + "}\n"
        ),
        "src/Screen.kt": "fun show(loader: Loader) {\n  loader.step1(1)\n}\n",
    }
    root = write_tree(tmp_path / "ws", files)
    store = IndexStore.open(tmp_path / "index.db")
    Indexer(root, store).build()
    try:
        context = build_context(
            workspace_for(root, store), "src/Screen.kt", LineRange(2, 2), "reuse the `Loader`"
        )
    finally:
        store.close()
    outline, why = _named(context)["src/Loader.kt::Loader"]
    assert "outlined" in why
    assert outline.startswith(
        "class Loader(\n  private val holder: Holder\n) : Target<Drawable> {\n"
        "  var hasSource = false\n  fun step0(count: Int): Int ...\n"
    )
    assert "/**" not in outline and "*/" not in outline


def test_a_definition_in_a_sibling_language_is_found_and_sent_once(tmp_path: Path) -> None:
    # A `.tsx` component naming a hook of a `.ts` module, a `.cpp` file naming a class of its
    # `.h` header: one language family, so the definition is sent, and not again as an example.
    files = {
        "src/auth.ts": (
            "export function useAuth(token: string): { user: string } {\n"
            "  return { user: token };\n}\n"
        ),
        "src/Button.tsx": (
            "export function Button(props: { label: string }) {\n"
            "  return <button>{props.label}</button>;\n}\n"
        ),
        "src/ring.h": (
            "struct ring_buffer {\n  int size;\n};\nint ring_size(struct ring_buffer *r);\n"
        ),
        "src/queue.cpp": '#include "ring.h"\n\nint depth(ring_buffer *r) {\n  return 0;\n}\n',
    }
    tsx = _context(tmp_path / "tsx", files, "src/Button.tsx", LineRange(1, 3), "show `useAuth`")
    cpp = _context(tmp_path / "cpp", files, "src/queue.cpp", LineRange(3, 5), "use `ring_size`")
    assert [i.id for i in tsx.items if i.kind in ("definition", "example")] == [
        "src/auth.ts::useAuth"
    ]
    assert "src/ring.h::ring_size" in [i.id for i in cpp.items if i.kind == "definition"]


def test_a_namespace_block_is_no_example(tmp_path: Path) -> None:
    # The target (a blank line to write at) sits in a module, outside any class: another
    # file's whole `module Shop` block is nothing to copy.
    files = {
        f"lib/shop/part_{n}.rb": (
            f"module Shop\n  LIMIT_{n} = {n}\n\n  def self.part_{n}\n    {n}\n  end\nend\n"
        )
        for n in range(3)
    }
    context = _context(tmp_path, files, "lib/shop/part_0.rb", LineRange(3, 3), "add a limit")
    assert [i.id for i in context.items if i.kind == "example"] == []


def test_scripts_without_a_suffix_are_examples_for_each_other(tmp_path: Path) -> None:
    # rbenv's `libexec/rbenv-*` and dokku's plugins have no suffix: their shebangs say Bash.
    shebang = "#!/usr/bin/env bash\n"
    files = {
        "libexec/tool-install": shebang + "# Installs a version.\ninstall_version() {\n  "
        'log_step "installing $1"\n  fetch_archive "$1"\n}\n',
        "libexec/tool-common": shebang + 'log_step() {\n  echo "==> $*" >&2\n}\n',
        "libexec/tool-list": shebang + 'list_versions() {\n  log_step listing\n  ls "$ROOT"\n}\n',
        "libexec/notes": "log_step is where every message goes\n",
        "bin/report": "#!/usr/bin/env python3\ndef log_step(message):\n    print(message)\n",
    }
    context = _context(tmp_path, files, "libexec/tool-list", LineRange(3, 4), "log each version")
    assert [i.kind for i in context.items if i.kind == "target"] == ["target"]
    assert sorted(_items(context, "example")) == ["libexec/tool-common", "libexec/tool-install"]


@pytest.mark.parametrize(
    ("sourced", "path"),
    [
        ('"${BASH_SOURCE%/*}/tool-common"', "libexec/tool-common"),
        ('"$(dirname "$0")/../lib/common.sh"', "lib/common.sh"),
        ("./lib/common.sh", "lib/common.sh"),
        ('"$DIR/lib/common.bash"', "lib/common.bash"),
    ],
)
def test_a_sourced_scripts_functions_are_signatures_whatever_the_path_says(
    tmp_path: Path, sourced: str, path: str
) -> None:
    # A shell names what it sources by a path built at run time; its last part still names
    # the file. The shebang above the first function is no documentation of it.
    files = {
        path: '#!/usr/bin/env bash\nlog_step() {\n  echo "==> $*" >&2\n}\n',
        "libexec/tool-list": (
            f"#!/usr/bin/env bash\nsource {sourced}\n"
            'list_versions() {\n  log_step listing\n  ls "$ROOT"\n}\n'
        ),
    }
    context = _context(tmp_path, files, "libexec/tool-list", LineRange(4, 4), "log more")
    assert _items(context, "signature") == {path: "log_step()\n"}
