//! The extra trusted CA ([`PaceConnection::trusted_ca_pem`]) over real HTTPS on 127.0.0.1.
//!
//! Each test makes a throw-away certificate authority, as a shop's IT runs for an on-premise
//! Pace server, and puts the Pace simulator behind a TLS front whose certificate (for
//! `127.0.0.1` and `localhost`) that CA signed. Trusting the CA lets calls through; without
//! it, or trusting another CA, the call fails as a TLS error that no retry can fix and that
//! never reaches Pace.

use std::time::Duration;

use pace::{Customer, PaceClient, PaceConnection, PaceError, Password, TransportKind};

/// The CA, the TLS front and the client; a `#[cfg(test)]` module so that clippy treats its
/// `expect`s as test code.
#[cfg(test)]
mod support {
    use std::net::SocketAddr;
    use std::sync::Arc;

    use pace_simulator::{PaceConfig, PaceSimulator, RunningPace};
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose,
        IsCa, KeyPair, KeyUsagePurpose,
    };
    use tokio::net::{TcpListener, TcpStream};
    use tokio::task::JoinHandle;
    use tokio_rustls::TlsAcceptor;
    use tokio_rustls::rustls::ServerConfig;
    use tokio_rustls::rustls::crypto::ring;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    use super::*;

    const LOGIN: &str = "apiuser";
    const PASSWORD: &str = "secret";

    /// A certificate authority made for one test.
    pub struct ShopCa(CertifiedIssuer<'static, KeyPair>);

    impl ShopCa {
        /// A new self-signed CA called `name`, with a fresh key.
        pub fn new(name: &str) -> Self {
            let mut params = CertificateParams::default();
            params.distinguished_name.push(DnType::CommonName, name);
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
            let key = KeyPair::generate().expect("CA key");
            ShopCa(CertifiedIssuer::self_signed(params, key).expect("CA certificate"))
        }

        /// The CA certificate as PEM, as a shop would hand it to the settings.
        pub fn pem(&self) -> Vec<u8> {
            self.0.pem().into_bytes()
        }

        /// A server certificate for `127.0.0.1` and `localhost` signed by this CA, with its key.
        fn server_certificate(&self) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
            let mut params =
                CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                    .expect("server names");
            params
                .distinguished_name
                .push(DnType::CommonName, "pace.printco.local");
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
            let key = KeyPair::generate().expect("server key");
            let certificate = params.signed_by(&key, &self.0).expect("server certificate");
            let key = PrivatePkcs8KeyDer::from(key.serialize_der());
            (certificate.der().clone(), key.into())
        }
    }

    /// The simulator behind a TLS front on 127.0.0.1; dropping it stops both.
    pub struct HttpsPace {
        /// The simulator, on its own plain-HTTP port.
        pub pace: RunningPace,
        front_addr: SocketAddr,
        front: JoinHandle<()>,
    }

    impl HttpsPace {
        /// `https://127.0.0.1:<port>` of the TLS front.
        pub fn base_url(&self) -> String {
            format!("https://{}", self.front_addr)
        }

        /// How many calls reached the simulator.
        pub fn calls_received(&self) -> usize {
            self.pace.instruments().calls.calls().len()
        }
    }

    impl Drop for HttpsPace {
        fn drop(&mut self) {
            self.front.abort();
        }
    }

    /// Starts the simulator and a TLS front for it whose certificate `ca` signed.
    pub async fn https_pace(ca: &ShopCa) -> HttpsPace {
        let pace = PaceSimulator::start(PaceConfig::default())
            .await
            .expect("simulator starts");
        let plain: SocketAddr = pace
            .base_url()
            .trim_start_matches("http://")
            .parse()
            .expect("simulator address");
        let (certificate, key) = ca.server_certificate();
        let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
            .expect("certificate matches key");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("front binds");
        let front_addr = listener.local_addr().expect("front address");
        let front = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(relay(acceptor.clone(), tcp, plain));
            }
        });
        HttpsPace {
            pace,
            front_addr,
            front,
        }
    }

    /// Ends TLS for one connection and relays its bytes to the simulator's plain port. A
    /// failed handshake (the client refused the certificate) just closes the connection.
    async fn relay(acceptor: TlsAcceptor, tcp: TcpStream, plain: SocketAddr) {
        let Ok(mut tls) = acceptor.accept(tcp).await else {
            return;
        };
        let Ok(mut simulator) = TcpStream::connect(plain).await else {
            return;
        };
        let _ = tokio::io::copy_bidirectional(&mut tls, &mut simulator).await;
    }

    /// A client for `pace`, trusting `ca` on top of the usual roots when given.
    pub fn client(pace: &HttpsPace, ca: Option<&ShopCa>) -> PaceClient {
        let mut connection = PaceConnection::new(&pace.base_url(), LOGIN)
            .expect("valid URL")
            .connect_timeout(Duration::from_secs(10))
            .request_timeout(Duration::from_secs(10));
        if let Some(ca) = ca {
            connection = connection.trusted_ca_pem(ca.pem());
        }
        PaceClient::new(connection, Password::new(PASSWORD)).expect("client builds")
    }

    /// Checks that `result` is the "certificate not trusted" TLS failure: not transient (a
    /// person must fix the certificate settings), not "outcome unknown" (nothing was sent),
    /// and saying so in its message.
    pub fn assert_untrusted<T: std::fmt::Debug>(result: Result<T, PaceError>) {
        let error = result.expect_err("the call must fail");
        assert!(
            matches!(
                error,
                PaceError::Transport {
                    kind: TransportKind::Tls,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(!error.is_transient(), "{error:?}");
        assert!(!error.outcome_unknown(), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("TLS handshake failed"), "{message}");
        // Plain words for staff first, rustls' own wording kept for the administrator.
        assert!(
            message.contains("not signed by a certificate authority this computer trusts"),
            "{message}"
        );
        assert!(
            message.contains("invalid peer certificate: UnknownIssuer"),
            "{message}"
        );
    }
}

use support::*;

#[tokio::test]
async fn trusting_the_shop_ca_lets_calls_through() {
    let ca = ShopCa::new("PrintCo IT CA");
    let https = https_pace(&ca).await;
    let client = client(&https, Some(&ca));

    assert_eq!(
        client.version().await.unwrap(),
        pace_simulator::DEFAULT_VERSION
    );
    let acme: Customer = client.read("ACME").await.unwrap();
    let stored = https.pace.object("Customer", "ACME").unwrap();
    assert_eq!(acme.cust_name.as_ref(), stored.get("custName"));
    assert!(acme.cust_name.is_some());
    let calls = https.pace.instruments().calls.counts();
    assert_eq!(calls.get("getVersion"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("readCustomer"), Some(&1), "{calls:?}");
}

#[tokio::test]
async fn without_the_shop_ca_the_certificate_is_not_trusted() {
    let ca = ShopCa::new("PrintCo IT CA");
    let https = https_pace(&ca).await;
    let client = client(&https, None);

    assert_untrusted(client.version().await);
    assert_untrusted(client.read::<Customer>("ACME").await);
    assert_eq!(https.calls_received(), 0);
}

#[tokio::test]
async fn trusting_another_ca_is_not_enough() {
    let ca = ShopCa::new("PrintCo IT CA");
    let https = https_pace(&ca).await;
    let client = client(&https, Some(&ShopCa::new("Some other CA")));

    assert_untrusted(client.version().await);
    assert_eq!(https.calls_received(), 0);
}
