//! The job description template: text with `{OrderNumber}` and `{SiteName}` substitution
//! variables (first document, "Job Description" parameter).

use std::fmt;

/// A substitution variable of the job description template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateVariable {
    /// `{OrderNumber}`: the Pressero order number.
    OrderNumber,
    /// `{SiteName}`: the Pressero site name.
    SiteName,
}

impl TemplateVariable {
    const ALL: [TemplateVariable; 2] = [TemplateVariable::OrderNumber, TemplateVariable::SiteName];

    /// The variable's name as written between braces.
    pub fn name(self) -> &'static str {
        match self {
            TemplateVariable::OrderNumber => "OrderNumber",
            TemplateVariable::SiteName => "SiteName",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Variable(TemplateVariable),
}

/// A parsed job description template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescriptionTemplate {
    pieces: Vec<Piece>,
}

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{Something}` that is not a known variable.
    UnknownVariable(String),
    /// A `{` without a closing `}`.
    Unclosed,
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = TemplateVariable::ALL
            .iter()
            .map(|v| format!("{{{}}}", v.name()))
            .collect::<Vec<_>>()
            .join(" and ");
        match self {
            TemplateProblem::UnknownVariable(name) => {
                write!(f, "{{{name}}} is not a known variable; use {known}")
            }
            TemplateProblem::Unclosed => write!(f, "a '{{' has no closing '}}'; use {known}"),
        }
    }
}

impl DescriptionTemplate {
    /// Parses template text.
    pub fn parse(text: &str) -> Result<Self, TemplateProblem> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or(TemplateProblem::Unclosed)?;
            let name = &after[..close];
            let variable = TemplateVariable::ALL
                .into_iter()
                .find(|v| v.name() == name)
                .ok_or_else(|| TemplateProblem::UnknownVariable(name.to_owned()))?;
            pieces.push(Piece::Variable(variable));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        Ok(Self { pieces })
    }

    /// Fills the template in.
    pub fn render(&self, order_number: u64, site_name: &str) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.clone(),
                Piece::Variable(TemplateVariable::OrderNumber) => order_number.to_string(),
                Piece::Variable(TemplateVariable::SiteName) => site_name.to_owned(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_default_template() {
        let template = DescriptionTemplate::parse("{OrderNumber}-{SiteName}").unwrap();
        assert_eq!(template.render(10001, "Acme Store"), "10001-Acme Store");
    }

    #[test]
    fn keeps_plain_text_around_variables() {
        let template = DescriptionTemplate::parse("Web {SiteName} order #{OrderNumber}!").unwrap();
        assert_eq!(template.render(7, "B"), "Web B order #7!");
    }

    #[test]
    fn refuses_unknown_variables_and_unclosed_braces() {
        assert_eq!(
            DescriptionTemplate::parse("{OrderNo}").unwrap_err(),
            TemplateProblem::UnknownVariable("OrderNo".into())
        );
        assert_eq!(
            DescriptionTemplate::parse("{OrderNumber").unwrap_err(),
            TemplateProblem::Unclosed
        );
        let message = TemplateProblem::UnknownVariable("Customer".into()).to_string();
        assert!(message.contains("{Customer}") && message.contains("{OrderNumber}"));
    }
}
