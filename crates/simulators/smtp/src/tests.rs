//! Conversations with the server over real sockets: raw SMTP lines, and `lettre`.

use super::*;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const WAIT: Duration = Duration::from_secs(5);

/// A raw client: sends lines and reads whole (multi-line) replies.
struct RawClient {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl RawClient {
    async fn connect(smtp: &RunningSmtp) -> (Self, String) {
        let (read, writer) = TcpStream::connect(smtp.addr()).await.unwrap().into_split();
        let mut client = Self {
            reader: BufReader::new(read),
            writer,
        };
        let greeting = client.reply().await;
        (client, greeting)
    }

    async fn reply(&mut self) -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).await.unwrap() == 0 {
                return all;
            }
            all.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return all;
            }
        }
    }

    async fn send(&mut self, line: &str) -> String {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .unwrap();
        self.reply().await
    }
}

fn code(reply: &str) -> &str {
    &reply[..3]
}

fn credentials() -> SmtpCredentials {
    SmtpCredentials {
        user: "mailer".into(),
        password: "s3cret-pw".into(),
    }
}

#[tokio::test]
async fn raw_conversation_with_two_recipients_and_dot_unstuffing() {
    let smtp = SmtpSimulator::start(SmtpConfig::default()).await.unwrap();
    let (mut client, greeting) = RawClient::connect(&smtp).await;
    assert!(
        greeting.starts_with("220 smtp.simulator.test"),
        "{greeting}"
    );
    let ehlo = client.send("EHLO tester").await;
    for extension in ["250-AUTH PLAIN LOGIN", "250-8BITMIME", "250 SIZE "] {
        assert!(ehlo.contains(extension), "{ehlo}");
    }
    assert_eq!(code(&client.send("NOOP").await), "250");
    assert_eq!(code(&client.send("RCPT TO:<early@x.com>").await), "503");
    assert_eq!(code(&client.send("MAIL FROM:<old@x.com>").await), "250");
    assert_eq!(code(&client.send("RSET").await), "250");
    assert_eq!(code(&client.send("DATA").await), "503");
    assert_eq!(
        code(&client.send("MAIL FROM:<sync@shop.com> BODY=8BITMIME").await),
        "250"
    );
    assert_eq!(code(&client.send("RCPT TO:<ops@shop.com>").await), "250");
    assert_eq!(code(&client.send("rcpt to:<csr@shop.com>").await), "250");
    assert_eq!(code(&client.send("DATA").await), "354");
    let reply = client
        .send("Subject: hello\r\n\r\nfirst\r\n..leading dot\r\n.")
        .await;
    assert_eq!(code(&reply), "250");
    assert_eq!(code(&client.send("QUIT").await), "221");

    let messages = smtp.wait_for_messages(1, WAIT).await.unwrap();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message.sender, "sync@shop.com");
    assert_eq!(message.recipients, vec!["ops@shop.com", "csr@shop.com"]);
    assert_eq!(message.authenticated_as, None);
    assert_eq!(message.subject().as_deref(), Some("hello"));
    assert_eq!(message.text_body(), "first\n.leading dot\n");
}

#[tokio::test]
async fn auth_is_required_and_wrong_credentials_get_535() {
    let smtp = SmtpSimulator::start(SmtpConfig {
        credentials: Some(credentials()),
        ..SmtpConfig::default()
    })
    .await
    .unwrap();
    let (mut client, _) = RawClient::connect(&smtp).await;
    client.send("EHLO tester").await;
    assert_eq!(code(&client.send("MAIL FROM:<a@x.com>").await), "530");
    let wrong = plain_auth("mailer", "wrong");
    assert_eq!(
        code(&client.send(&format!("AUTH PLAIN {wrong}")).await),
        "535"
    );
    // LOGIN with the two challenges.
    let challenge = client.send("AUTH LOGIN").await;
    assert_eq!(challenge.trim_end(), "334 VXNlcm5hbWU6");
    let challenge = client.send(&b64("mailer")).await;
    assert_eq!(challenge.trim_end(), "334 UGFzc3dvcmQ6");
    assert_eq!(code(&client.send(&b64("s3cret-pw")).await), "235");
    assert_eq!(code(&client.send("MAIL FROM:<a@x.com>").await), "250");
}

fn plain_auth(user: &str, password: &str) -> String {
    b64(&format!("\0{user}\0{password}"))
}

fn b64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn transport(smtp: &RunningSmtp) -> lettre::transport::smtp::AsyncSmtpTransportBuilder {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1").port(smtp.port())
}

fn email(to: &[&str], subject: &str, body: &str) -> Message {
    let mut builder = Message::builder()
        .from("sync@shop.com".parse().unwrap())
        .subject(subject)
        .header(ContentType::TEXT_PLAIN);
    for address in to {
        builder = builder.to(address.parse().unwrap());
    }
    builder.body(body.to_owned()).unwrap()
}

#[tokio::test]
async fn lettre_sends_with_auth_and_non_ascii_subject_and_body() {
    let smtp = SmtpSimulator::start(SmtpConfig {
        credentials: Some(credentials()),
        ..SmtpConfig::default()
    })
    .await
    .unwrap();
    for mechanism in [Mechanism::Plain, Mechanism::Login] {
        let mailer: AsyncSmtpTransport<Tokio1Executor> = transport(&smtp)
            .credentials(Credentials::new("mailer".into(), "s3cret-pw".into()))
            .authentication(vec![mechanism])
            .build();
        let body = "Storefront “Acme Store”, order 10010.\n.dot line\n".repeat(3);
        mailer
            .send(email(
                &["ops@shop.com", "csr@shop.com"],
                "Order 10010 – Acme Store: café",
                &body,
            ))
            .await
            .unwrap();
    }
    let messages = smtp.wait_for_messages(2, WAIT).await.unwrap();
    for message in &messages {
        assert_eq!(message.authenticated_as.as_deref(), Some("mailer"));
        assert_eq!(message.recipients, vec!["ops@shop.com", "csr@shop.com"]);
        assert_eq!(
            message.subject().as_deref(),
            Some("Order 10010 – Acme Store: café")
        );
        assert_eq!(
            message.text_body().trim_end(),
            "Storefront “Acme Store”, order 10010.\n.dot line\n"
                .repeat(3)
                .trim_end()
        );
    }

    let wrong: AsyncSmtpTransport<Tokio1Executor> = transport(&smtp)
        .credentials(Credentials::new("mailer".into(), "nope".into()))
        .build();
    let error = wrong
        .send(email(&["ops@shop.com"], "x", "y"))
        .await
        .unwrap_err();
    assert!(error.is_permanent(), "{error}");
    assert_eq!(smtp.messages().len(), 2);
}

#[tokio::test]
async fn fault_modes_reject_fail_and_drop() {
    let smtp = SmtpSimulator::start(SmtpConfig {
        faults: Faults {
            rejected_recipients: vec!["Gone@Shop.com".into()],
            ..Faults::default()
        },
        ..SmtpConfig::default()
    })
    .await
    .unwrap();
    let mailer: AsyncSmtpTransport<Tokio1Executor> = transport(&smtp).build();
    let rejected = mailer
        .send(email(&["gone@shop.com"], "x", "y"))
        .await
        .unwrap_err();
    assert!(rejected.is_permanent(), "{rejected}");

    smtp.set_faults(Faults {
        temporary_failure_on_data: true,
        ..Faults::default()
    });
    let later = mailer
        .send(email(&["ops@shop.com"], "x", "y"))
        .await
        .unwrap_err();
    assert!(later.is_transient(), "{later}");

    smtp.set_faults(Faults {
        drop_connection_on_data: true,
        ..Faults::default()
    });
    let dropped = mailer.send(email(&["ops@shop.com"], "x", "y")).await;
    assert!(dropped.is_err());
    assert!(smtp.messages().is_empty());

    smtp.set_faults(Faults::default());
    mailer
        .send(email(&["ops@shop.com"], "x", "y"))
        .await
        .unwrap();
    assert_eq!(smtp.wait_for_messages(1, WAIT).await.unwrap().len(), 1);
}

#[tokio::test]
async fn waiting_for_more_messages_than_arrive_times_out() {
    let smtp = SmtpSimulator::start(SmtpConfig::default()).await.unwrap();
    let error = smtp
        .wait_for_messages(1, Duration::from_millis(50))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        WaitTimeout {
            expected: 1,
            received: 0
        }
    );
}

#[tokio::test]
async fn dropping_the_server_closes_the_port() {
    let smtp = SmtpSimulator::start(SmtpConfig::default()).await.unwrap();
    let addr = smtp.addr();
    drop(smtp);
    tokio::task::yield_now().await;
    // The accept task is aborted: a new connection is refused or closed without a greeting.
    match TcpStream::connect(addr).await {
        Err(_) => {}
        Ok(stream) => {
            let mut line = String::new();
            let read = BufReader::new(stream)
                .read_line(&mut line)
                .await
                .unwrap_or(0);
            assert_eq!(read, 0, "{line}");
        }
    }
}

#[test]
fn credentials_debug_hides_the_password() {
    let text = format!("{:?}", credentials());
    assert!(
        text.contains("mailer") && !text.contains("s3cret-pw"),
        "{text}"
    );
}
