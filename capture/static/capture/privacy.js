// The privacy check on the phone: applies the server's rule set (capture/rules.py), shipped as
// data, the way portfolio.privacy.scan_text does. Nothing about what to look for is written here;
// only how Python's regular expressions read in JavaScript and the three named extra checks.
// Works in the browser (self.CapturePrivacy) and in node (module.exports) for the tests.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.CapturePrivacy = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function hex(cp) {
    return "\\u{" + cp.toString(16) + "}";
  }

  function classBody(ranges) {
    return ranges
      .map(function (r) {
        return r[0] === r[1] ? hex(r[0]) : hex(r[0]) + "-" + hex(r[1]);
      })
      .join("");
  }

  // Python's re syntax -> JavaScript (flag "u"), with Python's Unicode meaning of \w \d \s \b.
  // Anything this does not know is refused, so a new construct on the server fails the tests.
  function translate(source, cls) {
    var word = "[" + cls.w + "]";
    var boundary = "(?:(?<=" + word + ")(?!" + word + ")|(?<!" + word + ")(?=" + word + "))";
    var nonBoundary = "(?:(?<=" + word + ")(?=" + word + ")|(?<!" + word + ")(?!" + word + "))";
    var out = "";
    var inClass = false;
    var classStart = false;
    var i = 0;
    while (i < source.length) {
      var ch = source[i];
      if (ch === "\\") {
        var next = source.codePointAt(i + 1);
        var c = String.fromCodePoint(next);
        i += c.length + 1;
        if (c === "w" || c === "d" || c === "s") {
          out += inClass ? cls[c] : "[" + cls[c] + "]";
        } else if (c === "W" || c === "D" || c === "S") {
          if (inClass) {
            throw new Error("unsupported \\" + c + " inside a character class");
          }
          out += "[^" + cls[c.toLowerCase()] + "]";
        } else if (c === "b" && !inClass) {
          out += boundary;
        } else if (c === "B" && !inClass) {
          out += nonBoundary;
        } else if ("ntrfv".indexOf(c) >= 0) {
          out += "\\" + c;
        } else if (/[A-Za-z0-9]/.test(c)) {
          throw new Error("unsupported escape \\" + c);
        } else {
          out += hex(next); // an escaped literal: the same in and outside a class
        }
        classStart = false;
        continue;
      }
      if (inClass) {
        if (ch === "]" && !classStart) {
          inClass = false;
          out += "]";
        } else if (ch === "[" || ch === "]") {
          out += "\\" + ch;
        } else {
          out += ch;
        }
        classStart = false;
        i += 1;
        continue;
      }
      if (ch === "[") {
        inClass = true;
        classStart = true;
        out += "[";
        i += 1;
        if (source[i] === "^") {
          out += "^";
          i += 1;
        }
        continue;
      }
      if (ch === "(" && source[i + 1] === "?") {
        var head = source.slice(i + 2, i + 4);
        if (!(head[0] === ":" || head[0] === "=" || head[0] === "!" || head === "<=" || head === "<!")) {
          throw new Error("unsupported group (?" + head);
        }
      }
      // Python's $ (without MULTILINE) also matches before a final newline.
      out += ch === "$" ? "(?=\\n?$)" : ch;
      i += 1;
    }
    if (inClass) {
      throw new Error("unterminated character class");
    }
    return out;
  }

  // --- Unicode digits (Python's \d is any decimal digit; int() gives its value) ---------------
  var digitClass = null;

  function digitValue(ch) {
    // Decimal digits are encoded in runs of ten, 0 to 9 (a Unicode stability guarantee).
    var cp = ch.codePointAt(0);
    var start = cp;
    while (start > 0 && digitClass.test(String.fromCodePoint(start - 1))) {
      start -= 1;
    }
    return (cp - start) % 10;
  }

  function codePoints(text) {
    return Array.from(text);
  }

  // --- the named checks ----------------------------------------------------------------------
  function elfproef(digits) {
    var chars = codePoints(digits);
    if (chars.length !== 9) {
      return false;
    }
    var total = 0;
    for (var k = 0; k < 8; k += 1) {
      total += digitValue(chars[k]) * (9 - k);
    }
    total -= digitValue(chars[8]);
    return total % 11 === 0 && digits !== "000000000";
  }

  function base36(ch) {
    if (digitClass.test(ch)) {
      return digitValue(ch);
    }
    var code = ch.toUpperCase().charCodeAt(0);
    if (ch.length === 1 && code >= 65 && code <= 90) {
      return code - 55;
    }
    return null;
  }

  function ibanOk(value) {
    value = value.split(" ").join("").toUpperCase();
    var chars = codePoints(value);
    if (chars.length < 15 || chars.length > 34) {
      return false;
    }
    var moved = chars.slice(4).concat(chars.slice(0, 4));
    var remainder = 0;
    for (var k = 0; k < moved.length; k += 1) {
      var v = base36(moved[k]);
      if (v === null) {
        return false;
      }
      var digits = String(v);
      for (var j = 0; j < digits.length; j += 1) {
        remainder = (remainder * 10 + Number(digits[j])) % 97;
      }
    }
    return remainder === 1;
  }

  function compile(ruleSet) {
    var cls = {
      w: classBody(ruleSet.classes.w),
      d: classBody(ruleSet.classes.d),
      s: classBody(ruleSet.classes.s),
    };
    digitClass = new RegExp("^[" + cls.d + "]$", "u");
    var notDigit = new RegExp("[^" + cls.d + "]", "gu");
    var trailingSpace = new RegExp("[" + cls.s + "]+$", "u");
    var houseNumber = new RegExp(translate(ruleSet.checks.postcode_house_number, cls), "u");
    var rules = ruleSet.rules.map(function (rule) {
      return {
        kind: rule.kind,
        label: rule.label,
        hint: rule.hint,
        check: rule.check,
        re: new RegExp(translate(rule.pattern, cls), "gu" + rule.flags),
      };
    });

    function candidates(rule, text) {
      var out = [];
      var matches = text.matchAll(rule.re);
      for (var m of matches) {
        var t = m[0];
        var start = m.index;
        if (rule.check === "iban") {
          var candidate = t;
          while (codePoints(candidate.split(" ").join("")).length >= 15 && !ibanOk(candidate)) {
            candidate = codePoints(candidate).slice(0, -1).join("").replace(trailingSpace, "");
          }
          if (ibanOk(candidate)) {
            out.push([candidate, start, start + candidate.length]);
          }
        } else if (rule.check === "elfproef") {
          if (elfproef(t.replace(notDigit, ""))) {
            out.push([t, start, start + t.length]);
          }
        } else if (rule.check === "postcode_house_number") {
          if (houseNumber.test(codePoints(t).slice(6).join(""))) {
            out.push([t.replace(/^[ ,]+|[ ,]+$/g, ""), start, start + t.length]);
          }
        } else {
          out.push([t, start, start + t.length]);
        }
      }
      return out;
    }

    // All findings in one text, without overlaps: earliest first, then longest (counted in
    // code points, as Python does), then in rule order.
    function scan(text) {
      text = text || "";
      var cp = null;
      if (/[\uD800-\uDFFF]/.test(text)) {
        // cp[k]: how many code points come before UTF-16 index k.
        cp = new Array(text.length + 1);
        var n = 0;
        for (var u = 0; u < text.length; u += 1) {
          cp[u] = n;
          var high = text.charCodeAt(u);
          var low = text.charCodeAt(u + 1);
          if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
            cp[u + 1] = n;
            u += 1;
          }
          n += 1;
        }
        cp[text.length] = n;
      }
      function toCp(index) {
        return cp ? cp[index] : index;
      }
      var found = [];
      rules.forEach(function (rule) {
        candidates(rule, text).forEach(function (c) {
          found.push({
            kind: rule.kind,
            label: rule.label,
            hint: rule.hint,
            text: c[0],
            start: c[1],
            end: c[2],
            cpStart: toCp(c[1]),
            cpEnd: toCp(c[2]),
            seq: found.length,
          });
        });
      });
      found.sort(function (a, b) {
        return a.cpStart - b.cpStart || b.cpEnd - b.cpStart - (a.cpEnd - a.cpStart) || a.seq - b.seq;
      });
      var result = [];
      var lastEnd = -1;
      found.forEach(function (f) {
        if (f.cpStart >= lastEnd) {
          result.push(f);
          lastEnd = f.cpEnd;
        }
      });
      return result;
    }

    return { scan: scan, rules: rules };
  }

  return { compile: compile, translate: translate };
});
