//! A small blocking HTTP/1.1 server on 127.0.0.1 for fuzzing HTTP clients: each request is
//! answered with whatever the handler returns (status, content type, body), one request per
//! connection (`Connection: close`). [`forward`] passes a request on to a real server and
//! returns its answer, so that a handler can record what a simulator says to the client's real
//! calls and later answer the same calls with mutations of it.
//!
//! It reads requests with a `Content-Length` body (what `reqwest` sends for a fixed body) and
//! nothing fancier; it is a test stub, not a web server.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the stub waits for a request's bytes.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request head or body the stub reads.
const MAX_REQUEST: usize = 64 * 1024 * 1024;

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target: path and query, e.g. `/api/v2/Orders/Search?pageNumber=0`.
    pub target: String,
    /// The header lines, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code (any 100–999 is written as given).
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with this status, content type and body.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
        }
    }
}

/// The stub: serving until dropped.
#[derive(Debug)]
pub struct StubServer {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StubServer {
    /// Serves on a free port of 127.0.0.1, answering every request with `handler`, each
    /// connection on its own thread.
    pub fn start(
        handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
    ) -> io::Result<StubServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let handler = Arc::new(handler);
        let thread = std::thread::Builder::new()
            .name("http stub".to_owned())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let handler = Arc::clone(&handler);
                    let _ = std::thread::Builder::new()
                        .name("http stub connection".to_owned())
                        .spawn(move || serve(stream, &*handler));
                }
            })?;
        Ok(StubServer {
            address,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address served.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, handler: &(dyn Fn(&Request) -> Response + Send + Sync)) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let Ok(Some(request)) = read_request(&mut reader) else {
        return;
    };
    let response = handler(&request);
    let _ = write_response(&mut writer, &response);
    let _ = writer.flush();
    let _ = writer.shutdown(Shutdown::Write);
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Reads a request head and its `Content-Length` body; `None` when the connection closes
/// before a request.
fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().ok_or_else(|| invalid("no method"))?.to_owned();
    let target = parts.next().ok_or_else(|| invalid("no target"))?.to_owned();
    let headers = read_headers(reader)?;
    let length = content_length(&headers)?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        target,
        headers,
        body,
    }))
}

fn read_headers(reader: &mut impl BufRead) -> io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    let mut size = 0;
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line)?;
        size += read;
        if read == 0 || size > MAX_REQUEST {
            return Err(invalid("the head never ends"));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return Ok(headers);
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
}

fn content_length(headers: &[(String, String)]) -> io::Result<usize> {
    match headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        None => Ok(0),
        Some((_, value)) => value
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= MAX_REQUEST)
            .ok_or_else(|| invalid("bad Content-Length")),
    }
}

/// Writes the whole answer at once (small writes would wait on Nagle's algorithm).
fn write_response(writer: &mut impl Write, response: &Response) -> io::Result<()> {
    let mut bytes = format!(
        "HTTP/1.1 {} Stub\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        response.status,
        response.content_type,
        response.body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(&response.body);
    writer.write_all(&bytes)
}

/// Sends `request` to the server at `upstream` (`host:port`) and returns its answer (status,
/// content type, body; a chunked body is decoded).
pub fn forward(upstream: SocketAddr, request: &Request) -> io::Result<Response> {
    let mut stream = TcpStream::connect(upstream)?;
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
    for (name, value) in &request.headers {
        if !["connection", "content-length", "host"]
            .iter()
            .any(|skip| name.eq_ignore_ascii_case(skip))
        {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Host: {upstream}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        request.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&request.body)?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| invalid("no status"))?;
    let headers = read_headers(&mut reader)?;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let body = if chunked {
        read_chunked(&mut reader)?
    } else if let Some(length) = header("content-length") {
        let length = length
            .parse::<usize>()
            .map_err(|_| invalid("bad Content-Length"))?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    } else {
        let mut body = Vec::new();
        reader.read_to_end(&mut body)?;
        body
    };
    Ok(Response {
        status,
        content_type: header("content-type").unwrap_or_default(),
        body,
    })
}

fn read_chunked(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
        if size == 0 {
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut end = String::new();
        reader.read_line(&mut end)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(address: SocketAddr, target: &str, body: &str) -> String {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn answers_with_the_handler_and_forwards() {
        let stub = StubServer::start(|request| {
            Response::new(
                418,
                "text/plain",
                format!(
                    "{} {} {}",
                    request.method,
                    request.path(),
                    String::from_utf8_lossy(&request.body)
                ),
            )
        })
        .unwrap();
        let answer = get(stub.address(), "/a/b?c=1", "hello");
        assert!(answer.starts_with("HTTP/1.1 418 "), "{answer}");
        assert!(answer.ends_with("\r\n\r\nPOST /a/b hello"), "{answer}");

        let request = Request {
            method: "PUT".into(),
            target: "/x?y".into(),
            headers: vec![("Connection".into(), "keep-alive".into())],
            body: b"body".to_vec(),
        };
        let forwarded = forward(stub.address(), &request).unwrap();
        assert_eq!(forwarded.status, 418);
        assert_eq!(forwarded.content_type, "text/plain");
        assert_eq!(forwarded.body, b"PUT /x body");
    }

    #[test]
    fn reads_chunked_bodies() {
        let mut input: &[u8] = b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n";
        assert_eq!(read_chunked(&mut input).unwrap(), b"Wikipedia");
    }
}
