/**
 * The comment scanner against the cases that matter for lesson listings: comments removed in each language, the
 * same characters left alone inside strings (and `#include` left alone in C), comment-only lines gone, blank
 * lines kept, and an unclosed comment or docstring reported with its line.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentSyntax, stripComments } from './code-comments';

describe('stripComments', () => {
  it('takes C comments out, keeps preprocessor lines, strings and character literals', () => {
    const c = [
      '#include <stdio.h>',
      '/* a whole line */',
      'int x = 1; /* after code */',
      "char q = '\"'; // a quote in a char literal does not open a string",
      'printf("// not a comment /* nor this */\\n");',
      '',
      '/* one',
      '   two */ int y;',
    ].join('\n');
    assert.equal(
      stripComments(c, 'c'),
      [
        '#include <stdio.h>',
        'int x = 1;',
        "char q = '\"';",
        'printf("// not a comment /* nor this */\\n");',
        '',
        ' int y;',
      ].join('\n'),
    );
  });

  it('takes JavaScript comments out and leaves URLs in strings and template literals', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a line of a JavaScript listing, template literal and all
    const template = 'console.log(`a // b ${port}`);';
    const js = [
      "import net from 'node:net'; // the module",
      "const url = 'http://127.0.0.1/'; // a URL",
      template,
      '// only a comment',
    ].join('\n');
    assert.equal(
      stripComments(js, 'js'),
      ["import net from 'node:net';", "const url = 'http://127.0.0.1/';", template].join('\n'),
    );
  });

  it('takes Python comments and docstrings out, keeps # in strings and assigned triple-quoted strings', () => {
    const python = [
      '"""The module docstring."""',
      'import socket  # the module',
      'x = "#1"  # a hash in a string',
      "y = '''kept",
      "'''",
      'def f():',
      '    """A function',
      '    docstring."""',
      '    return f"{x}#"',
    ].join('\n');
    assert.equal(
      stripComments(python, 'python'),
      ['import socket', 'x = "#1"', "y = '''kept", "'''", 'def f():', '    return f"{x}#"'].join('\n'),
    );
  });

  it('takes shell comments out, but not a # inside a word or quotes', () => {
    const shell = ['python3 main.py   # on your computer', 'echo a#b \'# not\' "# nor"', '# a whole line'].join('\n');
    assert.equal(stripComments(shell, 'bash'), ['python3 main.py', 'echo a#b \'# not\' "# nor"'].join('\n'));
  });

  it('leaves output, formulas and JSON exactly as they are', () => {
    const text = 'ISN = M + F(local address, local port)  # not a comment\n/* nor this */\n';
    assert.equal(stripComments(text, 'text'), text);
    assert.equal(stripComments('{"a": "// b"}', 'json'), '{"a": "// b"}');
    assert.equal(commentSyntax(''), 'none');
  });

  it('makes a translated listing equal to the original when only its comments differ', () => {
    const english = ['sock.close()  # nothing is left unread, so the kernel sends FIN', 'print("done")'].join('\n');
    const chinese = ['sock.close()  # 没有未读数据，内核发送 FIN', 'print("done")'].join('\n');
    assert.equal(stripComments(chinese, 'python'), stripComments(english, 'python'));
    const changed = ['sock.close()  # 没有未读数据', 'print("完成")'].join('\n');
    assert.notEqual(stripComments(changed, 'python'), stripComments(english, 'python'));
  });

  it('reports an unclosed comment or docstring with its line', () => {
    assert.throws(() => stripComments('int x;\n/* never closed\n', 'c'), /unclosed \/\* comment at line 2/);
    assert.throws(() => stripComments('x = 1\n"""never closed\n', 'python'), /unclosed """ string at line 2/);
  });
});
