//! Tokenising and parsing the XPath filter dialect Pace accepts into an [`Expr`] tree.
//!
//! Grammar (what clients emit): `or`-separated `and`-terms of comparisons
//! (`= != < > <= >=`) between operands, parentheses, and operands that are paths
//! (`@field`, `ref/@field`, `a/b/@field`), string literals in `'…'` or `"…"` (no escapes: the
//! value runs to the matching quote, so it may hold the other quote, `and`/`or`, backslashes,
//! any Unicode), numbers, and function calls.

use crate::soap::fault::Fault;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
}

/// A supported XPath function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `contains(a, b)`
    Contains,
    /// `starts-with(a, b)`
    StartsWith,
    /// `ends-with(a, b)`
    EndsWith,
    /// `null-to-zero(a)`
    NullToZero,
    /// `date(y, m, d)`
    Date,
    /// `current-date()`
    CurrentDate,
    /// `not(a)`
    Not,
}

impl Function {
    fn named(name: &str) -> Option<Self> {
        Some(match name {
            "contains" => Function::Contains,
            "starts-with" => Function::StartsWith,
            "ends-with" => Function::EndsWith,
            "null-to-zero" => Function::NullToZero,
            "date" => Function::Date,
            "current-date" => Function::CurrentDate,
            "not" => Function::Not,
            _ => return None,
        })
    }

    /// How many arguments it takes.
    pub fn arity(self) -> usize {
        match self {
            Function::Contains | Function::StartsWith | Function::EndsWith => 2,
            Function::NullToZero | Function::Not => 1,
            Function::Date => 3,
            Function::CurrentDate => 0,
        }
    }
}

/// A field reached from the object: `steps` are reference fields followed first
/// (`customer/@custName` → steps `["customer"]`, field `custName`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// Reference fields to follow, in order.
    pub steps: Vec<String>,
    /// The field read at the end.
    pub field: String,
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// `a op b`
    Compare(Box<Expr>, Op, Box<Expr>),
    /// `@field` or `ref/@field`
    Path(Path),
    /// A string literal.
    Text(String),
    /// A number literal.
    Number(f64),
    /// A function call.
    Call(Function, Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Comma,
    Slash,
    At,
    Op(Op),
    Text(String),
    Number(f64),
    Name(String),
}

fn syntax_error(xpath: &str, detail: impl std::fmt::Display) -> Fault {
    Fault::client(format!("Invalid XPath expression '{xpath}': {detail}"))
}

fn tokenize(xpath: &str) -> Result<Vec<Token>, Fault> {
    let mut tokens = Vec::new();
    let mut chars = xpath.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let token = match c {
            c if c.is_whitespace() => continue,
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '/' => Token::Slash,
            '@' => Token::At,
            '=' => Token::Op(Op::Eq),
            '!' if chars.next_if(|(_, n)| *n == '=').is_some() => Token::Op(Op::Ne),
            '<' if chars.next_if(|(_, n)| *n == '=').is_some() => Token::Op(Op::Le),
            '>' if chars.next_if(|(_, n)| *n == '=').is_some() => Token::Op(Op::Ge),
            '<' => Token::Op(Op::Lt),
            '>' => Token::Op(Op::Gt),
            '\'' | '"' => {
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some((_, q)) if q == c => break,
                        Some((_, other)) => text.push(other),
                        None => {
                            return Err(syntax_error(
                                xpath,
                                format!("unterminated string starting at {at}"),
                            ));
                        }
                    }
                }
                Token::Text(text)
            }
            c if c.is_ascii_digit() || c == '-' || c == '.' => {
                let mut number = c.to_string();
                while let Some((_, d)) = chars.next_if(|(_, d)| d.is_ascii_digit() || *d == '.') {
                    number.push(d);
                }
                let value = number
                    .parse::<f64>()
                    .map_err(|_| syntax_error(xpath, format!("bad number '{number}' at {at}")))?;
                Token::Number(value)
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut name = c.to_string();
                while let Some((_, d)) =
                    chars.next_if(|(_, d)| d.is_alphanumeric() || *d == '_' || *d == '-')
                {
                    name.push(d);
                }
                Token::Name(name)
            }
            other => {
                return Err(syntax_error(
                    xpath,
                    format!("unexpected character '{other}' at {at}"),
                ));
            }
        };
        tokens.push(token);
    }
    Ok(tokens)
}

/// Parses a filter or sort expression.
pub fn parse(xpath: &str) -> Result<Expr, Fault> {
    let tokens = tokenize(xpath)?;
    let mut parser = Parser {
        xpath,
        tokens,
        at: 0,
    };
    let expr = parser.or()?;
    match parser.tokens.get(parser.at) {
        None => Ok(expr),
        Some(token) => Err(syntax_error(xpath, format!("unexpected {token:?}"))),
    }
}

struct Parser<'x> {
    xpath: &'x str,
    tokens: Vec<Token>,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn error(&self, detail: impl std::fmt::Display) -> Fault {
        syntax_error(self.xpath, detail)
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Name(name)) if name == word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, Fault> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, Fault> {
        let mut left = self.comparison()?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.comparison()?));
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Expr, Fault> {
        let left = self.operand()?;
        if let Some(Token::Op(op)) = self.peek().cloned() {
            self.at += 1;
            let right = self.operand()?;
            return Ok(Expr::Compare(Box::new(left), op, Box::new(right)));
        }
        Ok(left)
    }

    fn operand(&mut self) -> Result<Expr, Fault> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(self.error("missing ')'")),
                }
            }
            Some(Token::Text(text)) => Ok(Expr::Text(text)),
            Some(Token::Number(n)) => Ok(Expr::Number(n)),
            Some(Token::At) => Ok(Expr::Path(Path {
                steps: Vec::new(),
                field: self.field_name()?,
            })),
            Some(Token::Name(name)) => match self.peek() {
                Some(Token::Open) => {
                    self.at += 1;
                    self.call(&name)
                }
                Some(Token::Slash) => self.path_from(name),
                _ => Err(Fault::client(format!(
                    "Cannot convert children into a filter: {name}"
                ))),
            },
            Some(token) => Err(self.error(format!("unexpected {token:?}"))),
            None => Err(self.error("unexpected end of expression")),
        }
    }

    fn field_name(&mut self) -> Result<String, Fault> {
        match self.next() {
            Some(Token::Name(name)) => Ok(name),
            _ => Err(self.error("expected a field name after '@'")),
        }
    }

    /// `first/second/@field`
    fn path_from(&mut self, first: String) -> Result<Expr, Fault> {
        let mut steps = vec![first];
        loop {
            if self.next() != Some(Token::Slash) {
                return Err(self.error("expected '/'"));
            }
            match self.next() {
                Some(Token::At) => {
                    let field = self.field_name()?;
                    return Ok(Expr::Path(Path { steps, field }));
                }
                Some(Token::Name(step)) => steps.push(step),
                _ => return Err(self.error("expected '@field' after '/'")),
            }
        }
    }

    fn call(&mut self, name: &str) -> Result<Expr, Fault> {
        let function = Function::named(name)
            .ok_or_else(|| Fault::client(format!("unknown or unsupported function: {name}")))?;
        let mut args = Vec::new();
        if self.peek() == Some(&Token::Close) {
            self.at += 1;
        } else {
            loop {
                args.push(self.or()?);
                match self.next() {
                    Some(Token::Comma) => continue,
                    Some(Token::Close) => break,
                    _ => return Err(self.error(format!("expected ',' or ')' in {name}()"))),
                }
            }
        }
        if args.len() != function.arity() {
            return Err(self.error(format!(
                "{name}() takes {} argument(s), got {}",
                function.arity(),
                args.len()
            )));
        }
        Ok(Expr::Call(function, args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(steps: &[&str], field: &str) -> Expr {
        Expr::Path(Path {
            steps: steps.iter().map(|s| (*s).to_owned()).collect(),
            field: field.to_owned(),
        })
    }

    #[test]
    fn and_binds_tighter_than_or() -> Result<(), Fault> {
        let expr = parse("@a = 1 or @b = 2 and @c = 3")?;
        let Expr::Or(_, right) = expr else {
            panic!("expected or at the top, got {expr:?}");
        };
        assert!(matches!(*right, Expr::And(_, _)));
        Ok(())
    }

    #[test]
    fn quotes_keep_everything_inside() -> Result<(), Fault> {
        let cases = [
            (r#"@custName = "O'Brien & Söhne""#, "O'Brien & Söhne"),
            (r#"@note = 'say "hi" and or'"#, r#"say "hi" and or"#),
            (r"@path = 'C:\temp\x'", r"C:\temp\x"),
            ("@d = ''", ""),
        ];
        for (xpath, value) in cases {
            let Expr::Compare(_, Op::Eq, right) = parse(xpath)? else {
                panic!("{xpath} did not parse as a comparison");
            };
            assert_eq!(*right, Expr::Text(value.to_owned()), "{xpath}");
        }
        Ok(())
    }

    #[test]
    fn navigation_paths_and_functions() -> Result<(), Fault> {
        assert_eq!(
            parse("adminStatus/@openJob = 'true'")?,
            Expr::Compare(
                Box::new(path(&["adminStatus"], "openJob")),
                Op::Eq,
                Box::new(Expr::Text("true".into()))
            )
        );
        assert_eq!(
            parse("date( 2016, 02, 01 )")?,
            Expr::Call(
                Function::Date,
                vec![Expr::Number(2016.0), Expr::Number(2.0), Expr::Number(1.0)]
            )
        );
        assert!(matches!(
            parse("starts-with(@email, \"jane\")")?,
            Expr::Call(Function::StartsWith, _)
        ));
        Ok(())
    }

    #[test]
    fn operators_parse() -> Result<(), Fault> {
        for (text, op) in [
            ("=", Op::Eq),
            ("!=", Op::Ne),
            ("<", Op::Lt),
            (">", Op::Gt),
            ("<=", Op::Le),
            (">=", Op::Ge),
        ] {
            let expr = parse(&format!("@id {text} 5"))?;
            assert!(matches!(expr, Expr::Compare(_, o, _) if o == op), "{text}");
        }
        Ok(())
    }

    #[test]
    fn errors_name_the_problem() {
        let message = |x: &str| parse(x).err().map(|f| f.message).unwrap_or_default();
        assert!(message("substring(@a, 1)").contains("unknown or unsupported function: substring"));
        assert!(
            message("dateTime > 1").contains("Cannot convert children into a filter: dateTime")
        );
        assert!(message("@a = 'open").contains("unterminated string"));
        assert!(message("(@a = 1").contains("missing ')'"));
        assert!(message("@a = 1 @b").contains("Invalid XPath expression"));
        assert!(message("@a == 1").contains("Invalid XPath expression"));
        assert!(message("").contains("unexpected end"));
    }
}
