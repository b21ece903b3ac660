import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as AdaptiveCardsModule from 'adaptivecards';
import type { Page } from 'playwright-core';
import darkHostConfig from './host-configs/dark.json';
import defaultHostConfig from './host-configs/default.json';
import highContrastHostConfig from './host-configs/high-contrast.json';

/** The official renderer's browser bundle (UMD: it defines `window.AdaptiveCards`). */
const RENDERER_BUNDLE = require.resolve('adaptivecards/dist/adaptivecards.min.js');
const HOST_CONFIGS = join(__dirname, 'host-configs');

/** WCAG 2.x AA for normal text. */
export const MIN_CONTRAST = 4.5;

/**
 * The texts the contrast rule applies to: all but the renderer's required-input cue. That "*"
 * is drawn by the renderer, hidden from screen readers (the input itself says it is
 * required), in the host config's `inputs.label.requiredInputs.suffixColor`, which Teams'
 * published host configs leave to the renderer's default (Attention); no card attribute
 * sets it.
 */
export const contrastRuleApplies = (sample: TextSample): boolean => sample.kind !== 'required-cue';

export type ThemeName = 'default' | 'dark' | 'high-contrast';

/** A Teams theme as the card sees it: host config, the host's CSS for controls, page background. */
export interface CardTheme {
  name: ThemeName;
  hostConfig: object;
  css: string;
  /** The page behind the card: the host config's default container background (README.md there). */
  background: string;
}

/** "#AARRGGBB" (the host configs' form) or "#RRGGBB" as a CSS colour. */
export const cssColorOf = (hex: string): string => {
  const digits = hex.replace(/^#/, '');
  if (digits.length === 6) return `#${digits}`;
  if (digits.length === 8) return `#${digits.slice(2)}${digits.slice(0, 2)}`;
  throw new Error(`not a host config colour: ${hex}`);
};

const themeOf = (name: ThemeName, hostConfig: typeof defaultHostConfig, cssFiles: string[]): CardTheme => ({
  name,
  hostConfig,
  css: cssFiles.map((file) => readFileSync(join(HOST_CONFIGS, file), 'utf8')).join('\n'),
  background: cssColorOf(hostConfig.containerStyles.default.backgroundColor),
});

/** Teams' default (light), dark and high-contrast themes. */
export const THEMES: readonly CardTheme[] = [
  themeOf('default', defaultHostConfig, ['default.css']),
  themeOf('dark', darkHostConfig, ['dark.css']),
  themeOf('high-contrast', highContrastHostConfig, ['dark.css', 'high-contrast.css']),
];

/** One visible run of text, its colour, what is behind it, and their WCAG contrast ratio. */
export interface TextSample {
  text: string;
  /**
   * `button` when the text is an action's title, on the button's own background;
   * `required-cue` for the renderer's own "*" after a required input's label (contrastRuleApplies).
   */
  kind: 'text' | 'button' | 'required-cue';
  color: string;
  background: string;
  ratio: number;
}

/** What the page saw of one card. */
export interface RenderedCard {
  /** Parse errors and warnings, validation events, and the renderer's console warnings. */
  problems: string[];
  /** The rendered element's text (empty when the renderer drew nothing). */
  renderedText: string;
  texts: TextSample[];
  /** Coloured surfaces (a styled Container or ColumnSet) with no words in them. */
  colourOnly: string[];
}

interface RenderInput {
  card: object;
  hostConfig: object;
}

/* The few DOM types the page side uses: tsconfig's lib has no DOM, and the code runs in Chromium. */
interface PageNode {
  readonly nodeValue: string | null;
  readonly parentElement: PageElement | null;
}
interface PageElement extends PageNode {
  readonly tagName: string;
  readonly className: string;
  readonly innerText: string;
  id: string;
  innerHTML: string;
  appendChild(child: PageElement): PageElement;
  replaceChildren(): void;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getClientRects(): { length: number };
  getBoundingClientRect(): { width: number; height: number };
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  decode?(): Promise<void>;
}
interface PageStyle {
  color: string;
  backgroundColor: string;
  visibility: string;
}
interface PageGlobal {
  document: {
    getElementById(id: string): PageElement | null;
    createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): PageNode | null };
  };
  getComputedStyle(element: PageElement): PageStyle;
  AdaptiveCards: typeof AdaptiveCardsModule;
}

/**
 * Runs in the page (serialised by Playwright, so it uses nothing from this module): renders
 * the card with the official renderer into #card, then measures every visible text against
 * the first opaque background behind it, alpha blended as Chromium paints it.
 */
const renderInPage = async (
  input: RenderInput,
): Promise<Omit<RenderedCard, 'problems'> & { events: string[] }> => {
  const g = globalThis as unknown as PageGlobal;
  const AC = g.AdaptiveCards;
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
    if (!m) throw new Error(`unparsed colour: ${css}`);
    return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
  };
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat(1) as Rgba;
  };
  const luminance = (c: Rgba): number => {
    const [r, gr, b] = [c[0], c[1], c[2]].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * gr + 0.0722 * b;
  };
  const ratioOf = (a: Rgba, b: Rgba): number => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const show = (c: Rgba): string => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
  const host = g.document.getElementById('card') as PageElement;
  const page = parse(g.getComputedStyle(host.parentElement as PageElement).backgroundColor);
  /** The backgrounds from the element up to the first opaque one, painted bottom up. */
  const backgroundOf = (element: PageElement | null): Rgba => {
    const layers: Rgba[] = [];
    for (let e = element; e; e = e.parentElement) {
      const bg = parse(g.getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), page);
  };
  const visible = (e: PageElement): boolean =>
    e.getClientRects().length > 0 && g.getComputedStyle(e).visibility !== 'hidden';
  const hasWords = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

  // Teams renders a subset of Markdown in TextBlocks; the renderer leaves Markdown to its host.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const inline = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a class="ac-anchor" href="$2">$1</a>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|\W)_([^_]+)_(?=\W|$)/g, '$1<em>$2</em>');
    const blocks = text.split(/\n{2,}/).map((block) => {
      const lines = block.split('\n');
      if (lines.every((line) => /^[-*] /.test(line)))
        return `<ul>${lines.map((line) => `<li>${inline(line.slice(2))}</li>`).join('')}</ul>`;
      if (lines.every((line) => /^\d+\. /.test(line)))
        return `<ol>${lines.map((line) => `<li>${inline(line.replace(/^\d+\. /, ''))}</li>`).join('')}</ol>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    });
    result.outputHtml = blocks.join('');
    result.didProcess = true;
  };

  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(input.hostConfig);
  const context = new AC.SerializationContext();
  card.parse(input.card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const event = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents)
    events.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);

  host.replaceChildren();
  const rendered = card.render() as unknown as PageElement | undefined;
  if (rendered) host.appendChild(rendered);
  await Promise.all(
    Array.from(host.querySelectorAll('img')).map((img) => img.decode?.().catch(() => undefined)),
  );

  const texts: TextSample[] = [];
  const SHOW_TEXT = 4;
  const walker = g.document.createTreeWalker(host, SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.nodeValue ?? '').trim();
    const element = node.parentElement;
    if (!text || !element || !visible(element)) continue;
    const fg = parse(g.getComputedStyle(element).color);
    const bg = backgroundOf(element);
    const painted = over(fg, bg);
    texts.push({
      text,
      kind:
        text === '*' && element.getAttribute('aria-hidden') === 'true'
          ? 'required-cue'
          : element.closest('button')
            ? 'button'
            : 'text',
      color: show(painted),
      background: show(bg),
      ratio: Math.round(ratioOf(painted, bg) * 100) / 100,
    });
  }

  const colourOnly: string[] = [];
  for (const element of Array.from(host.querySelectorAll('*'))) {
    if (element.closest('button, input, textarea, select') || element.tagName === 'IMG') continue;
    const bg = parse(g.getComputedStyle(element).backgroundColor);
    const box = element.getBoundingClientRect();
    const coloured = bg[3] > 0 && show(over(bg, page)) !== show(page);
    if (coloured && box.width * box.height > 0 && visible(element) && !hasWords(element.innerText))
      colourOnly.push(`<${element.tagName.toLowerCase()} class="${element.className}"> in ${show(bg)}`);
  }
  return { events, renderedText: rendered ? rendered.innerText.trim() : '', texts, colourOnly };
};

const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style id="theme"></style>
<style>body { margin: 0; } #card-host { width: 560px; padding: 16px; }</style></head>
<body><div id="card-host"><div id="card"></div></div></body></html>`;

/** Loads the official renderer into the page (once per page). */
export const openCardPage = async (page: Page): Promise<void> => {
  await page.setContent(PAGE_HTML);
  await page.addScriptTag({ path: RENDERER_BUNDLE });
  // Under tsx, esbuild's keepNames wraps the page functions' inner functions in __name().
  await page.addScriptTag({ content: 'globalThis.__name = (fn) => fn;' });
};

/** Puts the theme's CSS and background on the page. */
export const applyTheme = async (page: Page, theme: CardTheme): Promise<void> => {
  await page.evaluate(
    ({ css, background }) => {
      const g = globalThis as unknown as {
        document: { getElementById(id: string): { textContent: string } | null };
      };
      const style = g.document.getElementById('theme');
      if (style) style.textContent = `${css}\nbody, #card-host { background: ${background}; }`;
    },
    { css: theme.css, background: theme.background },
  );
};

/**
 * Renders `card` in `theme` (applied with applyTheme first) and measures it; with
 * `screenshot`, saves the rendered card on the theme's background as a PNG there.
 */
export const renderCard = async (
  page: Page,
  card: object,
  theme: CardTheme,
  screenshot?: string,
): Promise<RenderedCard> => {
  const warnings: string[] = [];
  const onConsole = (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'warning' || msg.type() === 'error')
      warnings.push(`console ${msg.type()}: ${msg.text()}`);
  };
  page.on('console', onConsole);
  try {
    const { events, ...measured } = await page.evaluate(renderInPage, { card, hostConfig: theme.hostConfig });
    if (screenshot) await page.locator('#card-host').screenshot({ path: screenshot });
    return { problems: [...events, ...warnings], ...measured };
  } finally {
    page.off('console', onConsole);
  }
};

const COLOURED = /^(good|attention|warning|accent)$/i;

/**
 * Meaning carried by colour alone, read from the card's JSON: a TextBlock or TextRun in a
 * colour (or a coloured container) whose text has no word or number, such as a bare
 * coloured bullet. Words in a colour are fine: the words carry the meaning.
 */
export const colourWithoutWords = (card: object): string[] => {
  const found: string[] = [];
  const hasWords = (text: unknown) => typeof text === 'string' && /[\p{L}\p{N}]/u.test(text);
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${path}[${i}]`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const type = String(element.type ?? '');
    const coloured =
      (typeof element.color === 'string' && !/^default$/i.test(element.color)) ||
      (typeof element.style === 'string' && COLOURED.test(element.style) && !type.startsWith('Action.'));
    if (coloured && (type === 'TextBlock' || type === 'TextRun') && !hasWords(element.text))
      found.push(`${path}: ${type} in ${String(element.color ?? element.style)} with no words`);
    if (
      coloured &&
      /^(Container|ColumnSet|Column)$/.test(type) &&
      !JSON.stringify(element).match(/"text":"[^"]*[\p{L}\p{N}]/u)
    )
      found.push(`${path}: ${type} styled ${String(element.style)} with no words in it`);
    for (const [key, value] of Object.entries(element)) walk(value, `${path}.${key}`);
  };
  walk(card, 'card');
  return found;
};
