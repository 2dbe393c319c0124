//! What the HTML pages (`report --html`, `render --html`) share: escaping
//! and a self-contained page shell (inline CSS and JS, nothing fetched).

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours per entity label (OntoNotes); others get a grey.
pub const LABEL_COLOURS: &[(&str, &str)] = &[
    ("PERSON", "#f4a261"),
    ("ORG", "#7fc8bd"),
    ("GPE", "#a7c957"),
    ("LOC", "#d4a5b5"),
    ("NORP", "#e9c46a"),
    ("DATE", "#a8dadc"),
    ("FAC", "#c9ada7"),
    ("EVENT", "#ffc8dd"),
    ("MONEY", "#b8e0d2"),
    ("PERCENT", "#d6eadf"),
];

/// CSS rules `.ent-LABEL { background: … }` for every known label.
pub fn label_css() -> String {
    LABEL_COLOURS
        .iter()
        .map(|(label, colour)| format!(".ent-{label}{{background:{colour}}}\n"))
        .collect()
}

/// A CSS class name part from a label: letters, digits, `-`, `_` only.
pub fn class_safe(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A whole page. `style` and `script` are the page's own CSS and JS.
pub fn page(title: &str, style: &str, body: &str, script: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
<title>{}</title>\n<style>\n{BASE_CSS}{style}</style>\n</head>\n<body>\n{body}\n<script>\n{script}</script>\n</body>\n</html>\n",
        escape(title)
    )
}

const BASE_CSS: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}\n\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\n\
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}\n\
.muted{color:#777}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(class_safe("WORK OF<ART>"), "WORK_OF_ART_");
        let p = page("<t>", "", "<p>b</p>", "");
        assert!(p.contains("<title>&lt;t&gt;</title>") && p.contains("Content-Security-Policy"));
    }
}
