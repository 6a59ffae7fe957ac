// No visible text is written into the components: what the dashboard shows goes through
// next-intl (lib/i18n/messages). The check reads every component and page as TypeScript and
// reports text a user would see: JSX text, the attributes a browser shows or reads aloud,
// strings a JSX expression renders, and confirm()/alert() texts. Symbols (←, ✓, ·) are fine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../lib/i18n/messages';

const ROOT = path.join(import.meta.dirname, '..');
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description']);
const LETTERS = /\p{L}{2,}/u;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return full.endsWith('.tsx') ? [full] : [];
  });
}

/** True when `node`'s value is what its enclosing JSX expression renders (not a comparison, a key or an argument). */
function rendered(node: ts.Node): boolean {
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (ts.isJsxExpression(parent)) return true;
    if (ts.isParenthesizedExpression(parent)) {
      // passes its value on
    } else if (ts.isConditionalExpression(parent)) {
      if (parent.condition === child) return false;
    } else if (ts.isBinaryExpression(parent)) {
      const op = parent.operatorToken.kind;
      const passes = op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.PlusToken;
      if (!passes || (op === ts.SyntaxKind.AmpersandAmpersandToken && parent.left === child)) return false;
    } else if (ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent)) {
      // part of a template that is itself rendered
    } else {
      return false;
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

function inVisibleAttributeOrChild(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isJsxAttribute(p)) return VISIBLE_ATTRIBUTES.has(p.name.getText());
    if (ts.isJsxElement(p) || ts.isJsxSelfClosingElement(p) || ts.isJsxFragment(p)) return true;
  }
  return false;
}

/** The visible English (or any) literals in a TSX source: [line, text]. */
function visibleLiterals(source: string, fileName = 'component.tsx'): [number, string][] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: [number, string][] = [];
  const report = (node: ts.Node, text: string) => found.push([file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text.trim()]);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && LETTERS.test(node.initializer.text)) {
      report(node, node.initializer.text);
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && LETTERS.test(node.text) && rendered(node) && inVisibleAttributeOrChild(node)) report(node, node.text);
    if (ts.isTemplateExpression(node) && rendered(node) && inVisibleAttributeOrChild(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      if (LETTERS.test(parts)) report(node, node.getText());
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText();
      if (/(^|\.)(confirm|alert|prompt)$/.test(callee)) {
        for (const arg of node.arguments) if ((ts.isStringLiteral(arg) || ts.isTemplateExpression(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && LETTERS.test(arg.getText())) report(arg, arg.getText());
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const SOURCES = [...files(path.join(ROOT, 'components')), ...files(path.join(ROOT, 'app'))];

describe('visible texts in the components', () => {
  it('finds what a user would read in a component written in English', () => {
    const sample = `
      export function X({ c, ok }: any) {
        if (!window.confirm(\`Erase \${c.name}?\`)) return null;
        return (
          <section aria-label="Conversations" className="list" data-status="QUEUED">
            <h1>Conversations</h1>
            <span title={ok ? 'Live updates on' : 'Reconnecting…'}>{ok ? t('live') : 'Offline'}</span>
            <span>{c.name ?? 'Recruiter'}</span>
            <span>{\`\${c.unread} unread\`}</span>
            {c.status === 'NEEDS_HUMAN' ? <b key="x">←</b> : null}
            <i className={\`badge \${ok ? '' : 'muted'}\`}>{t('x', { name: c.name })}</i>
          </section>
        );
      }`;
    expect(visibleLiterals(sample).map(([, text]) => text)).toEqual([
      '`Erase ${c.name}?`',
      'Conversations',
      'Conversations',
      'Live updates on',
      'Reconnecting…',
      'Offline',
      'Recruiter',
      '`${c.unread} unread`',
    ]);
  });

  it('reads every component and page', () => {
    expect(SOURCES.map((file) => path.relative(ROOT, file))).toEqual(
      expect.arrayContaining(['components/conversation-list.tsx', 'components/composer.tsx', 'app/(dashboard)/costs/page.tsx', 'app/(auth)/sign-in/page.tsx']),
    );
  });

  it.each(SOURCES.map((file) => [path.relative(ROOT, file), file]))('%s says everything through next-intl', (_, file) => {
    expect(visibleLiterals(readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  it('uses only keys that exist, where a file reads one namespace', () => {
    const nl = messagesFor('nl');
    const has = (key: string) => key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), nl) !== undefined;
    const missing: string[] = [];
    let checked = 0;
    for (const file of SOURCES) {
      const source = readFileSync(file, 'utf8');
      const namespaces = new Set([...source.matchAll(/(?:useTranslations|getTranslations)\('([\w.]+)'\)/g)].map((m) => m[1]));
      if (namespaces.size !== 1) continue;
      const [namespace] = [...namespaces];
      for (const match of source.matchAll(/\bt(?:\.rich)?\('([\w.]+)'/g)) {
        checked += 1;
        if (!has(`${namespace}.${match[1]}`)) missing.push(`${path.relative(ROOT, file)}: ${namespace}.${match[1]}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
