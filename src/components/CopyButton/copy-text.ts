/**
 * Copies text to the clipboard. The asynchronous Clipboard API exists only in secure contexts: the page at
 * http://127.0.0.1 is one, a classroom server at http://192.168.x.y is not, so there the old
 * select-and-execCommand way is the fallback.
 */

export async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard !== undefined) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the fallback.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  area.select();
  let copied = false;
  try {
    // Deprecated but the only way outside secure contexts; still supported by every browser.
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  previous?.focus();
  return copied;
}
