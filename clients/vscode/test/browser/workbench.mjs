/**
 * Drives a real VS Code workbench: code-server serves it on 127.0.0.1, headless Chromium
 * (through puppeteer-core) shows it, and these helpers act like a user: keyboard shortcuts,
 * the command palette, the mouse over a word. Nothing is stubbed; every wait is for a
 * condition the user would see, with a generous timeout.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import puppeteer from "puppeteer-core";

// How long one step may take before it counts as hung. On two cores at load 10-12, the model
// fix step (two answers, a repair turn, the edit applied) took longer than 90 s.
export const TIMEOUT = 180_000;

/** Reads a required environment variable (set by tests/clients/test_vscode_browser.py). */
export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through tests/clients/test_vscode_browser.py`);
  }
  return value;
}

/** Starts a process and resolves with it and the first stdout line matching `ready`. */
export function startProcess(command, args, options, ready, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), TIMEOUT);
    const scan = (chunk) => {
      output += chunk;
      const found = output.match(ready);
      if (found) {
        clearTimeout(timer);
        resolve({ child, match: found, output: () => output });
      }
    };
    child.stdout.setEncoding("utf8").on("data", scan);
    child.stderr.setEncoding("utf8").on("data", scan);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code}:\n${output}`));
    });
  });
}

export function stopProcess(child) {
  if (child && child.exitCode === null && child.signalCode === null) {
    return new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  }
  return Promise.resolve();
}

/** The processes below `root` (children, grandchildren, ...), with their command lines (from /proc). */
export function descendants(root) {
  const rows = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      // The parent is the 4th field of stat, after the command name in parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      rows.push({ pid: Number(entry), ppid, args });
    } catch {
      // the process ended while we looked
    }
  }
  const found = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of rows) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        found.push(row);
        grew = true;
      }
    }
  }
  return found;
}

export async function launchChromium(executablePath, userDataDir) {
  return puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    defaultViewport: { width: 1280, height: 800 },
    protocolTimeout: TIMEOUT,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      // Only loopback: any other host fails at once instead of waiting for a network.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

export class Workbench {
  /** Screenshots a step asks for go to `screenshots`; those of a failed wait to `failures`. */
  constructor(page, screenshots, failures) {
    this.page = page;
    this.screenshots = screenshots;
    this.failures = failures;
  }

  async open(url) {
    // code-server says it listens a moment before it serves the workbench; a fresh machine
    // may reset that first connection. A user would reload: so does this, for a while.
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      try {
        await this.page.goto(url, { waitUntil: "domcontentloaded", timeout: TIMEOUT });
        break;
      } catch (error) {
        if (!/ERR_CONNECTION_(RESET|REFUSED|CLOSED)/.test(String(error)) || Date.now() > deadline) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    await this.page.waitForSelector(".monaco-workbench .part.editor", { timeout: TIMEOUT });
    await this.page.waitForSelector(".monaco-workbench .part.statusbar", { timeout: TIMEOUT });
  }

  /** Waits until `predicate` (run in the page with `arg`) returns something truthy; returns it. */
  async until(predicate, arg, what) {
    try {
      const handle = await this.page.waitForFunction(predicate, { timeout: TIMEOUT, polling: 250 }, arg);
      return await handle.jsonValue();
    } catch (error) {
      const shot = await this.shot(what.replace(/\W+/g, "-").slice(0, 60), undefined, this.failures);
      throw new Error(`${what}: not seen within ${TIMEOUT / 1000}s (screenshot ${shot}). ${error.message}`);
    }
  }

  /** The Steering status bar entry's accessible label ("Steering running. ..."). */
  async steeringStatus() {
    return this.page.evaluate(() => {
      const labelled = [...document.querySelectorAll(".part.statusbar [aria-label]")];
      const entry = labelled.find((node) => /^Steering (starting|running|stopped|failed)\b/.test(node.getAttribute("aria-label")));
      return entry ? entry.getAttribute("aria-label") : "";
    });
  }

  async waitForStatus(pattern, what) {
    return this.until(
      (source) => {
        const labelled = [...document.querySelectorAll(".part.statusbar [aria-label]")];
        const labels = labelled.map((node) => node.getAttribute("aria-label"));
        return labels.find((label) => new RegExp(source).test(label)) ?? false;
      },
      pattern.source,
      what,
    );
  }

  async press(...keys) {
    for (const key of keys.slice(0, -1)) {
      await this.page.keyboard.down(key);
    }
    await this.page.keyboard.press(keys[keys.length - 1]);
    for (const key of keys.slice(0, -1).reverse()) {
      await this.page.keyboard.up(key);
    }
  }

  /** Types into the quick input (command palette, quick open, input boxes). */
  async typeInQuickInput(text) {
    await this.page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: TIMEOUT });
    await this.page.type(".quick-input-widget .quick-input-box input", text);
  }

  async quickInputClosed() {
    await this.until(
      () => {
        const widget = document.querySelector(".quick-input-widget");
        return !widget || widget.style.display === "none" || widget.offsetParent === null;
      },
      undefined,
      "the quick input closes",
    );
  }

  /** Runs a command from the palette by its title, as a user would. */
  async runCommand(title) {
    await this.press("F1");
    await this.typeInQuickInput(title);
    await this.until(
      (wanted) => {
        const row = document.querySelector(".quick-input-list .monaco-list-row.focused");
        return row !== null && row.textContent.includes(wanted);
      },
      title,
      `"${title}" in the command palette`,
    );
    await this.page.keyboard.press("Enter");
  }

  /** Answers the input box titled `title` that a command opened. */
  async answerInputBox(title, text) {
    await this.until(
      (wanted) => {
        const widget = document.querySelector(".quick-input-widget");
        const input = widget?.querySelector(".quick-input-box input");
        return widget !== null && widget.innerText.includes(wanted) && input !== null && input.value === "";
      },
      title,
      `the input box "${title}"`,
    );
    await this.typeInQuickInput(text);
    await this.until(
      (wanted) => document.querySelector(".quick-input-widget .quick-input-box input")?.value === wanted,
      text,
      "the typed answer in the input box",
    );
    await this.page.keyboard.press("Enter");
    await this.quickInputClosed();
  }

  /** Opens a file by name with Ctrl+P and waits for its editor. */
  async openFile(relativePath) {
    const name = path.basename(relativePath);
    await this.press("Control", "p");
    await this.typeInQuickInput(relativePath);
    await this.until(
      (wanted) => {
        const row = document.querySelector(".quick-input-list .monaco-list-row.focused");
        return row !== null && row.textContent.includes(wanted);
      },
      name,
      `${relativePath} in quick open`,
    );
    await this.page.keyboard.press("Enter");
    await this.until(
      (wanted) => {
        const tab = document.querySelector(".tabs-container .tab.active");
        return tab !== null && tab.textContent.includes(wanted) && document.querySelector(".editor-instance .view-line") !== null;
      },
      name,
      `the editor of ${name}`,
    );
  }

  /** The text of the active editor's visible lines, in order. */
  async editorText() {
    return this.page.evaluate(() => {
      const editor = document.querySelector(".editor-group-container.active .monaco-editor .view-lines");
      if (!editor) {
        return "";
      }
      const lines = [...editor.querySelectorAll(".view-line")]
        .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent.replace(/\u00a0/g, " ") }))
        .sort((a, b) => a.top - b.top);
      return lines.map((line) => line.text).join("\n");
    });
  }

  async waitForEditorText(predicateSource, what) {
    return this.until(
      (source) => {
        const editor = document.querySelector(".editor-group-container.active .monaco-editor .view-lines");
        if (!editor) {
          return false;
        }
        const text = [...editor.querySelectorAll(".view-line")]
          .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent.replace(/\u00a0/g, " ") }))
          .sort((a, b) => a.top - b.top)
          .map((line) => line.text)
          .join("\n");
        return new Function("text", `return (${source})(text)`)(text) ? text : false;
      },
      predicateSource,
      what,
    );
  }

  /** The centre of the first occurrence of `word` in the active editor, in page pixels. */
  async wordPosition(word) {
    return this.until(
      (wanted) => {
        const editor = document.querySelector(".editor-group-container.active .monaco-editor .view-lines");
        if (!editor) {
          return false;
        }
        const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.indexOf(wanted);
          if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + wanted.length);
            const box = range.getBoundingClientRect();
            if (box.width > 0) {
              return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
            }
          }
        }
        return false;
      },
      word,
      `"${word}" in the editor`,
    );
  }

  /** Scrolls the active editor to a 1-based line with Ctrl+G. */
  async goToLine(line) {
    await this.press("Control", "g");
    await this.typeInQuickInput(String(line));
    await this.page.keyboard.press("Enter");
    await this.quickInputClosed();
  }

  /** Puts the cursor on `word` with a click. */
  async clickWord(word) {
    const { x, y } = await this.wordPosition(word);
    await this.page.mouse.click(x, y);
  }

  /** Rests the mouse on `word` and returns the hover's text once it mentions `expected`. */
  async hoverWord(word, expected) {
    const { x, y } = await this.wordPosition(word);
    await this.page.mouse.move(x - 40, y + 200);
    await this.page.mouse.move(x, y, { steps: 5 });
    return this.until(
      (wanted) => {
        const hovers = [...document.querySelectorAll(".monaco-hover-content, .monaco-hover .hover-contents")];
        const text = hovers.map((hover) => hover.innerText).join("\n");
        return text.includes(wanted) ? text : false;
      },
      expected,
      `a hover on "${word}" mentioning "${expected}"`,
    );
  }

  /** Opens the code-action (light-bulb) menu at the cursor and returns its entries. */
  async codeActionMenu(expected) {
    await this.press("Control", ".");
    return this.until(
      (wanted) => {
        const rows = [...document.querySelectorAll(".action-widget .monaco-list-row")];
        const titles = rows.map((row) => (row.getAttribute("aria-label") || row.innerText).trim()).filter(Boolean);
        return titles.some((title) => title.includes(wanted)) ? titles : false;
      },
      expected,
      `the code-action menu listing "${expected}"`,
    );
  }

  /** Picks the code-action menu entry whose title includes `title`. */
  async pickCodeAction(title) {
    const index = await this.page.evaluate((wanted) => {
      const rows = [...document.querySelectorAll(".action-widget .monaco-list-row")];
      return rows.findIndex((row) => (row.getAttribute("aria-label") || row.innerText).includes(wanted));
    }, title);
    if (index < 0) {
      throw new Error(`no code action "${title}"`);
    }
    const rows = await this.page.$$(".action-widget .monaco-list-row");
    await rows[index].click();
  }

  /** The text of the notifications on screen. */
  async notifications() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll(".notification-toast .notification-list-item")].map(
        (item) => item.getAttribute("aria-label") || item.innerText,
      ),
    );
  }

  async waitForNotification(pattern, what) {
    return this.until(
      (source) => {
        const items = [...document.querySelectorAll(".notification-toast .notification-list-item, .notifications-center .notification-list-item")];
        const found = items.map((item) => item.getAttribute("aria-label") || item.innerText).find((text) => new RegExp(source).test(text));
        return found ?? false;
      },
      pattern.source,
      what,
    );
  }

  /** Clicks a button of the notification matching `pattern`. */
  async clickNotificationButton(pattern, button) {
    const clicked = await this.page.evaluate(
      (source, label) => {
        const items = [...document.querySelectorAll(".notification-toast .notification-list-item")];
        const item = items.find((node) => new RegExp(source).test(node.getAttribute("aria-label") || node.innerText));
        const target = item && [...item.querySelectorAll(".monaco-button")].find((node) => node.textContent.trim() === label);
        if (target) {
          target.click();
          return true;
        }
        return false;
      },
      pattern.source,
      button,
    );
    if (!clicked) {
      throw new Error(`no "${button}" button on a notification matching ${pattern}`);
    }
  }

  async clearNotifications() {
    await this.runCommand("Notifications: Clear All Notifications");
  }

  async shot(name, clip, folder = this.screenshots) {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${name}.png`);
    await this.page.screenshot({ path: file, ...(clip ? { clip } : {}) });
    return file;
  }
}
