//! Tests of the XPath builder: examples, refusals, and a property test that reads every
//! rendered filter back with a small tokenizer and parser to the structure that was built.

use super::*;
use proptest::prelude::*;

#[test]
fn examples() {
    let cases = [
        (Filter::eq("@job", "12345"), r#"@job = "12345""#),
        (Filter::ne("@id", 3), "@id != 3"),
        (Filter::lt("@weight", 1.5), "@weight < 1.5"),
        (Filter::gt("@id", -2), "@id > -2"),
        (
            Filter::eq("adminStatus/@openJob", true),
            r#"adminStatus/@openJob = "true""#,
        ),
        (Filter::eq("@name", r#"say "hi""#), r#"@name = 'say "hi"'"#),
        (
            Filter::contains("@email", "o'neil"),
            r#"contains(@email, "o'neil")"#,
        ),
        (
            Filter::starts_with("@custName", "A"),
            r#"starts-with(@custName, "A")"#,
        ),
        (
            Filter::ge("@dateSetup", date(2016, 2, 1)),
            "@dateSetup >= date(2016, 2, 1)",
        ),
        (
            Filter::eq("@a", 1)
                .or(Filter::eq("@b", 2))
                .and(Filter::eq("@c", 3)),
            "(@a = 1 or @b = 2) and @c = 3",
        ),
        (
            Filter::eq("@a", 1)
                .and(Filter::eq("@b", 2))
                .or(Filter::eq("@c", 3)),
            "(@a = 1 and @b = 2) or @c = 3",
        ),
        (
            Filter::eq("@a", "x and @b = 'y' or 1=1").and(Filter::eq("@c", "] [ \\")),
            r#"@a = "x and @b = 'y' or 1=1" and @c = "] [ \""#,
        ),
        (Filter::all([Filter::eq("@a", "é")]), "@a = \"é\""),
    ];
    for (filter, expected) in cases {
        assert_eq!(filter.to_xpath().unwrap(), expected);
    }
}

#[test]
fn refusals() {
    assert_eq!(
        Filter::eq("@a", r#"it's "both""#).to_xpath(),
        Err(XPathError::BothQuotes {
            value: r#"it's "both""#.into()
        })
    );
    for path in [
        "a",
        "@",
        "@a b",
        "@a=1 or @b",
        "@a]",
        "x/@",
        "@1a",
        "a//@b",
        "a/b",
        "@a/@b",
        "",
    ] {
        assert!(
            matches!(
                Filter::eq(path, 1).to_xpath(),
                Err(XPathError::InvalidField { .. })
            ),
            "{path} accepted"
        );
    }
    assert!(checked_path("../@job").is_ok());
    assert_eq!(Filter::any([]).to_xpath(), Err(XPathError::EmptyGroup));
    assert!(matches!(
        Filter::eq("@a", f64::NAN).to_xpath(),
        Err(XPathError::NotFinite(_))
    ));
    assert!(matches!(
        Filter::eq("@d", date(2023, 2, 29)).to_xpath(),
        Err(XPathError::InvalidDate { .. })
    ));
    assert!(Sort::descending("customer/@custName").path().is_ok());
    assert!(Sort::ascending("@a or 1").path().is_err());
}

#[test]
fn characters_xml_cannot_carry_are_refused_naming_the_field() {
    // Found by fuzzing: these rendered, and only building the request refused them, naming
    // the SOAP parameter (`in1`) instead of the filter's field.
    for (filter, path, code) in [
        (Filter::eq("@email", "a\u{0}b"), "@email", "U+0000"),
        (
            Filter::contains("@custName", "\u{1b}[0m"),
            "@custName",
            "U+001B",
        ),
        (
            Filter::starts_with("customer/@id", "\u{ffff}"),
            "customer/@id",
            "U+FFFF",
        ),
    ] {
        let error = filter.to_xpath().expect_err("refused");
        let text = error.to_string();
        assert!(text.contains(&format!("'{path}'")), "{text}");
        assert!(text.contains(code), "{text}");
        let request = crate::requests::find("Contact", &filter).expect_err("not sent");
        assert!(
            request.to_string().contains(&format!("'{path}'")),
            "{request}"
        );
    }
    // Tab, newline and carriage return are XML characters (sent escaped where needed).
    assert_eq!(
        Filter::eq("@a", "x\ty\r\nz").to_xpath().unwrap(),
        "@a = \"x\ty\r\nz\""
    );
}

// ---- a tiny tokenizer and parser for the rendered dialect ----

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Comma,
    Op(String),
    Text(String),
    Num(String),
    Word(String),
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            ',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            '"' | '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or("unterminated string")?;
                tokens.push(Token::Text(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            '=' | '!' | '<' | '>' => {
                let mut op = c.to_string();
                if chars.get(i + 1) == Some(&'=') {
                    op.push('=');
                }
                i += op.len();
                tokens.push(Token::Op(op));
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                tokens.push(Token::Num(chars[start..i].iter().collect()));
            }
            c if c.is_ascii_alphanumeric() || "_/@.-".contains(c) => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || "_/@.-".contains(chars[i]))
                {
                    i += 1;
                }
                tokens.push(Token::Word(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    Ok(tokens)
}

/// What a literal means, independent of how it was typed (`5` and `5.0` are the same number;
/// booleans are the text `true` / `false`).
#[derive(Debug, Clone, PartialEq)]
enum Meaning {
    Text(String),
    Num(f64),
    Date(i64, i64, i64),
}

#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Cmp(String, String, Meaning),
    Func(String, String, String),
    All(Vec<Tree>),
    Any(Vec<Tree>),
}

fn meaning(literal: &Literal) -> Meaning {
    match literal {
        Literal::Text(t) => Meaning::Text(t.clone()),
        Literal::Integer(n) => Meaning::Num(*n as f64),
        Literal::Number(n) => Meaning::Num(*n),
        Literal::Bool(b) => Meaning::Text(b.to_string()),
        Literal::Date { year, month, day } => {
            Meaning::Date((*year).into(), (*month).into(), (*day).into())
        }
    }
}

fn intended(node: &Node) -> Tree {
    match node {
        Node::Compare { path, op, value } => {
            Tree::Cmp(path.clone(), op.symbol().into(), meaning(value))
        }
        Node::Function {
            function,
            path,
            value,
        } => Tree::Func(
            match function {
                TextFunction::Contains => "contains".into(),
                TextFunction::StartsWith => "starts-with".into(),
            },
            path.clone(),
            value.clone(),
        ),
        Node::All(m) => Tree::All(m.iter().map(intended).collect()),
        Node::Any(m) => Tree::Any(m.iter().map(intended).collect()),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Result<Token, String> {
        let token = self.tokens.get(self.at).cloned().ok_or("unexpected end")?;
        self.at += 1;
        Ok(token)
    }
    fn peek_word(&self, word: &str) -> bool {
        self.tokens.get(self.at) == Some(&Token::Word(word.into()))
    }
    fn expect(&mut self, token: Token) -> Result<(), String> {
        let got = self.next()?;
        if got == token {
            Ok(())
        } else {
            Err(format!("expected {token:?}, got {got:?}"))
        }
    }
    fn or_expr(&mut self) -> Result<Tree, String> {
        let mut members = vec![self.and_expr()?];
        while self.peek_word("or") {
            self.at += 1;
            members.push(self.and_expr()?);
        }
        Ok(if members.len() == 1 {
            members.remove(0)
        } else {
            Tree::Any(members)
        })
    }
    fn and_expr(&mut self) -> Result<Tree, String> {
        let mut members = vec![self.factor()?];
        while self.peek_word("and") {
            self.at += 1;
            members.push(self.factor()?);
        }
        Ok(if members.len() == 1 {
            members.remove(0)
        } else {
            Tree::All(members)
        })
    }
    fn number(&mut self) -> Result<f64, String> {
        match self.next()? {
            Token::Num(n) => n.parse().map_err(|_| format!("bad number {n}")),
            other => Err(format!("expected number, got {other:?}")),
        }
    }
    fn factor(&mut self) -> Result<Tree, String> {
        match self.next()? {
            Token::Open => {
                let inner = self.or_expr()?;
                self.expect(Token::Close)?;
                Ok(inner)
            }
            Token::Word(word) if word == "contains" || word == "starts-with" => {
                self.expect(Token::Open)?;
                let Token::Word(path) = self.next()? else {
                    return Err("expected path".into());
                };
                self.expect(Token::Comma)?;
                let Token::Text(value) = self.next()? else {
                    return Err("expected text".into());
                };
                self.expect(Token::Close)?;
                Ok(Tree::Func(word, path, value))
            }
            Token::Word(path) => {
                let Token::Op(op) = self.next()? else {
                    return Err("expected operator".into());
                };
                let value = match self.next()? {
                    Token::Text(t) => Meaning::Text(t),
                    Token::Num(n) => Meaning::Num(n.parse().map_err(|_| "bad number")?),
                    Token::Word(w) if w == "date" => {
                        self.expect(Token::Open)?;
                        let y = self.number()?;
                        self.expect(Token::Comma)?;
                        let m = self.number()?;
                        self.expect(Token::Comma)?;
                        let d = self.number()?;
                        self.expect(Token::Close)?;
                        Meaning::Date(y as i64, m as i64, d as i64)
                    }
                    other => return Err(format!("expected literal, got {other:?}")),
                };
                Ok(Tree::Cmp(path, op, value))
            }
            other => Err(format!("unexpected {other:?}")),
        }
    }
}

fn parse(xpath: &str) -> Result<Tree, String> {
    let mut parser = Parser {
        tokens: tokenize(xpath)?,
        at: 0,
    };
    let tree = parser.or_expr()?;
    if parser.at != parser.tokens.len() {
        return Err("trailing tokens".into());
    }
    Ok(tree)
}

// ---- strategies ----

fn nasty_text() -> impl Strategy<Value = String> {
    let chars = proptest::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\'', '"', '\\', '[', ']', '(', ')', '@', '/', '=', '<', ' ', 'é', '中'
            ]),
            Just('a'),
        ],
        0..16,
    )
    .prop_map(|c| c.into_iter().collect::<String>());
    prop_oneof![
        4 => chars,
        1 => prop::sample::select(vec![" and ".to_owned(), "or".to_owned(), "x' or '1'='1".to_owned()]),
    ]
}

fn path() -> impl Strategy<Value = String> {
    (
        prop::option::of("[a-z][A-Za-z0-9_]{0,6}"),
        "[A-Za-z_][A-Za-z0-9_]{0,8}",
    )
        .prop_map(|(relation, field)| match relation {
            Some(r) => format!("{r}/@{field}"),
            None => format!("@{field}"),
        })
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        nasty_text().prop_map(Literal::Text),
        any::<i64>().prop_map(Literal::Integer),
        (-1.0e12f64..1.0e12).prop_map(Literal::Number),
        any::<bool>().prop_map(Literal::Bool),
        (1900i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| date(y, m, d)),
    ]
}

fn op() -> impl Strategy<Value = Comparison> {
    prop::sample::select(vec![
        Comparison::Eq,
        Comparison::Ne,
        Comparison::Lt,
        Comparison::Le,
        Comparison::Gt,
        Comparison::Ge,
    ])
}

fn filter() -> impl Strategy<Value = Filter> {
    let leaf = prop_oneof![
        (path(), op(), literal()).prop_map(|(p, o, v)| Filter::compare(&p, o, v)),
        (path(), nasty_text()).prop_map(|(p, v)| Filter::contains(&p, &v)),
        (path(), nasty_text()).prop_map(|(p, v)| Filter::starts_with(&p, &v)),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            proptest::collection::vec(inner, 1..4).prop_map(Filter::all),
        ]
    })
}

/// Whether some text holds a character XML cannot carry (and what renders first is refused).
fn has_unsendable(node: &Node) -> bool {
    let bad = |t: &str| {
        t.chars().any(|c| {
            (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
        })
    };
    match node {
        Node::Compare {
            value: Literal::Text(t),
            ..
        } => bad(t),
        Node::Compare { .. } => false,
        Node::Function { value, .. } => bad(value),
        Node::All(m) | Node::Any(m) => m.iter().any(has_unsendable),
    }
}

fn has_both_quotes(node: &Node) -> bool {
    let both = |t: &str| t.contains('\'') && t.contains('"');
    match node {
        Node::Compare {
            value: Literal::Text(t),
            ..
        } => both(t),
        Node::Compare { .. } => false,
        Node::Function { value, .. } => both(value),
        Node::All(m) | Node::Any(m) => m.iter().any(has_both_quotes),
    }
}

proptest! {
    #[test]
    fn rendered_filters_read_back_to_the_intended_structure(filter in filter()) {
        match filter.to_xpath() {
            Ok(xpath) => {
                prop_assert!(!has_both_quotes(&filter.0));
                prop_assert!(!has_unsendable(&filter.0));
                prop_assert_eq!(parse(&xpath), Ok(intended(&filter.0)), "xpath: {}", xpath);
            }
            Err(XPathError::BothQuotes { .. }) => prop_assert!(has_both_quotes(&filter.0)),
            Err(XPathError::InvalidCharacter { .. }) => prop_assert!(has_unsendable(&filter.0)),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    #[test]
    fn arbitrary_field_names_are_accepted_only_as_plain_paths(path in "\\PC{0,12}") {
        if let Ok(accepted) = Filter::eq(&path, 1).to_xpath() {
            // Whatever got through is a single path token followed by the comparison.
            prop_assert_eq!(parse(&accepted), Ok(Tree::Cmp(path.clone(), "=".into(), Meaning::Num(1.0))));
            prop_assert!(path.chars().all(|c| c.is_ascii_alphanumeric() || "_/@.-".contains(c)));
        }
    }
}
