//! One SMTP conversation: reads commands line by line and answers them (RFC 5321 subset).

use crate::{Mailbox, ReceivedMessage};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// Largest message accepted (advertised with SIZE).
const MAX_MESSAGE_SIZE: usize = 10 * 1024 * 1024;
/// Longest command or data line read (RFC 5321 allows 1000; some slack).
const MAX_LINE: usize = 4096;

/// The envelope being built by MAIL FROM and RCPT TO.
#[derive(Default)]
struct Envelope {
    sender: Option<String>,
    recipients: Vec<String>,
}

struct Session {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
    mailbox: Arc<Mailbox>,
    authenticated_as: Option<String>,
    envelope: Envelope,
}

/// What the session does after a command.
enum Next {
    Continue,
    Close,
}

/// Serves one connection until QUIT, a dropped connection or an I/O error.
pub(crate) async fn serve(stream: TcpStream, peer: SocketAddr, mailbox: Arc<Mailbox>) {
    let (read, writer) = stream.into_split();
    let mut session = Session {
        reader: BufReader::new(read),
        writer,
        mailbox,
        authenticated_as: None,
        envelope: Envelope::default(),
    };
    if let Err(error) = session.run().await {
        tracing::debug!(%peer, %error, "SMTP simulator session ended");
    }
}

impl Session {
    async fn run(&mut self) -> std::io::Result<()> {
        let greeting = format!("220 {} ESMTP simulator ready", self.mailbox.hostname);
        self.reply(&greeting).await?;
        while let Some(line) = self.read_line().await? {
            if let Next::Close = self.command(&line).await? {
                break;
            }
        }
        Ok(())
    }

    async fn command(&mut self, line: &str) -> std::io::Result<Next> {
        let (verb, argument) = line.split_once(' ').unwrap_or((line, ""));
        let argument = argument.trim();
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => {
                self.envelope = Envelope::default();
                let hostname = self.mailbox.hostname.clone();
                self.reply_lines(&[
                    &hostname,
                    "AUTH PLAIN LOGIN",
                    "8BITMIME",
                    &format!("SIZE {MAX_MESSAGE_SIZE}"),
                ])
                .await?;
            }
            "HELO" => {
                self.envelope = Envelope::default();
                let reply = format!("250 {}", self.mailbox.hostname);
                self.reply(&reply).await?;
            }
            "AUTH" => self.auth(argument).await?,
            "MAIL" => self.mail_from(argument).await?,
            "RCPT" => self.rcpt_to(argument).await?,
            "DATA" => return self.data().await,
            "RSET" => {
                self.envelope = Envelope::default();
                self.reply("250 OK").await?;
            }
            "NOOP" => self.reply("250 OK").await?,
            "QUIT" => {
                self.reply("221 Bye").await?;
                return Ok(Next::Close);
            }
            _ => self.reply("502 Command not implemented").await?,
        }
        Ok(Next::Continue)
    }

    async fn auth(&mut self, argument: &str) -> std::io::Result<()> {
        let (mechanism, initial) = argument.split_once(' ').unwrap_or((argument, ""));
        let attempt = match mechanism.to_ascii_uppercase().as_str() {
            "PLAIN" => {
                let response = if initial.is_empty() {
                    self.reply("334 ").await?;
                    self.read_line().await?.unwrap_or_default()
                } else {
                    initial.to_owned()
                };
                decode_base64(&response).and_then(|plain| {
                    let mut parts = plain.split('\0').skip(1);
                    Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
                })
            }
            "LOGIN" => {
                let user = if initial.is_empty() {
                    self.challenge("Username:").await?
                } else {
                    decode_base64(initial)
                };
                let password = self.challenge("Password:").await?;
                user.zip(password)
            }
            _ => {
                self.reply("504 Unrecognized authentication type").await?;
                return Ok(());
            }
        };
        let accepted = match (&self.mailbox.credentials, &attempt) {
            (Some(expected), Some((user, password))) => {
                *user == expected.user && *password == expected.password
            }
            (None, Some(_)) => true,
            (_, None) => false,
        };
        match attempt {
            Some((user, _)) if accepted => {
                self.authenticated_as = Some(user);
                self.reply("235 Authentication successful").await
            }
            _ => self.reply("535 Authentication credentials invalid").await,
        }
    }

    /// Sends a base64 challenge and decodes the base64 answer.
    async fn challenge(&mut self, prompt: &str) -> std::io::Result<Option<String>> {
        let line = format!("334 {}", BASE64.encode(prompt));
        self.reply(&line).await?;
        Ok(self
            .read_line()
            .await?
            .and_then(|answer| decode_base64(&answer)))
    }

    async fn mail_from(&mut self, argument: &str) -> std::io::Result<()> {
        if self.mailbox.credentials.is_some() && self.authenticated_as.is_none() {
            return self.reply("530 Authentication required").await;
        }
        match path_argument(argument, "FROM:") {
            Some(sender) => {
                self.envelope = Envelope {
                    sender: Some(sender),
                    recipients: Vec::new(),
                };
                self.reply("250 OK").await
            }
            None => self.reply("501 Syntax: MAIL FROM:<address>").await,
        }
    }

    async fn rcpt_to(&mut self, argument: &str) -> std::io::Result<()> {
        if self.envelope.sender.is_none() {
            return self.reply("503 MAIL FROM first").await;
        }
        let Some(recipient) = path_argument(argument, "TO:") else {
            return self.reply("501 Syntax: RCPT TO:<address>").await;
        };
        let rejected = self
            .mailbox
            .faults()
            .rejected_recipients
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&recipient));
        if rejected {
            return self.reply("550 Mailbox unavailable").await;
        }
        self.envelope.recipients.push(recipient);
        self.reply("250 OK").await
    }

    async fn data(&mut self) -> std::io::Result<Next> {
        let faults = self.mailbox.faults();
        if faults.drop_connection_on_data {
            return Ok(Next::Close);
        }
        if self.envelope.sender.is_none() || self.envelope.recipients.is_empty() {
            self.reply("503 RCPT TO first").await?;
            return Ok(Next::Continue);
        }
        if faults.temporary_failure_on_data {
            self.reply("451 Temporary local problem, try again later")
                .await?;
            return Ok(Next::Continue);
        }
        self.reply("354 End data with <CR><LF>.<CR><LF>").await?;
        let mut raw = String::new();
        loop {
            let Some(line) = self.read_line().await? else {
                return Ok(Next::Close);
            };
            if line == "." {
                break;
            }
            let unstuffed = line.strip_prefix('.').unwrap_or(&line);
            raw.push_str(unstuffed);
            raw.push_str("\r\n");
            if raw.len() > MAX_MESSAGE_SIZE {
                self.reply("552 Message too big").await?;
                return Ok(Next::Close);
            }
        }
        let envelope = std::mem::take(&mut self.envelope);
        self.mailbox.deliver(ReceivedMessage {
            sender: envelope.sender.unwrap_or_default(),
            recipients: envelope.recipients,
            authenticated_as: self.authenticated_as.clone(),
            raw,
        });
        self.reply("250 OK: queued").await?;
        Ok(Next::Continue)
    }

    /// One line without its CRLF; `None` at the end of the stream.
    async fn read_line(&mut self) -> std::io::Result<Option<String>> {
        let mut bytes = Vec::new();
        let read = (&mut self.reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut bytes)
            .await?;
        if read == 0 {
            return Ok(None);
        }
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }

    async fn reply(&mut self, line: &str) -> std::io::Result<()> {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
    }

    /// A multi-line `250` reply.
    async fn reply_lines(&mut self, lines: &[&str]) -> std::io::Result<()> {
        let last = lines.len().saturating_sub(1);
        let text: String = lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let separator = if index == last { ' ' } else { '-' };
                format!("250{separator}{line}\r\n")
            })
            .collect();
        self.writer.write_all(text.as_bytes()).await
    }
}

/// The address of `FROM:<a@b> BODY=8BITMIME` (the prefix is matched case-insensitively).
fn path_argument(argument: &str, prefix: &str) -> Option<String> {
    let head = argument.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = argument[prefix.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_owned())
}

fn decode_base64(text: &str) -> Option<String> {
    let bytes = BASE64.decode(text.trim()).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_argument_reads_the_address_and_ignores_parameters() {
        assert_eq!(
            path_argument("FROM:<a@b.com> BODY=8BITMIME SIZE=12", "FROM:"),
            Some("a@b.com".to_owned())
        );
        assert_eq!(
            path_argument("to: <x@y.org>", "TO:"),
            Some("x@y.org".to_owned())
        );
        assert_eq!(path_argument("FROM:<>", "FROM:"), Some(String::new()));
        assert_eq!(path_argument("FROM:a@b.com", "FROM:"), None);
        assert_eq!(path_argument("TO:<a@b.com>", "FROM:"), None);
    }
}
