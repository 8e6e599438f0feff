"""
General functions for HTML manipulation: refscope's model of CPython 3.11's html package.

`escape` is CPython's; `unescape` of text with character references would need the HTML5
entity table (html.entities), which the model does not carry, so it is refused.
"""

__all__ = ['escape', 'unescape']


def escape(s, quote=True):
    """
    Replace special characters "&", "<" and ">" to HTML-safe sequences.
    If the optional flag quote is true (the default), the quotation mark
    characters, both double quote (") and single quote (') characters are also
    translated.
    """
    s = s.replace("&", "&amp;")  # Must be done first!
    s = s.replace("<", "&lt;")
    s = s.replace(">", "&gt;")
    if quote:
        s = s.replace('"', "&quot;")
        s = s.replace('\'', "&#x27;")
    return s


def unescape(s):
    """
    Convert all named and numeric character references (e.g. &gt;, &#62;,
    &x3e;) in the string s to the corresponding unicode characters.
    """
    if '&' not in s:
        return s
    raise NotImplementedError('refscope does not model html.unescape of character '
                              'references (the HTML5 entity table)')
