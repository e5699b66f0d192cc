//! Servers that misbehave on the wire, played by a raw TCP listener: each
//! ends in the right error kind, without a crash and without a second create.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use integration_keys::{Client, ErrorKind};

const KEY: &str = r#"{"key":{"id":"int_1","displayName":"k","secret":"s3cr3t"}}"#;

/// A server on loopback that answers every request with `answer`, and closes
/// the connection when `answer` returns false; counts the requests it reads.
struct Hostile {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl Hostile {
    fn start(answer: fn(&mut TcpStream) -> bool) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let counter = counter.clone();
                thread::spawn(move || {
                    while read_request(&mut stream) {
                        counter.fetch_add(1, Ordering::SeqCst);
                        if !answer(&mut stream) {
                            break;
                        }
                    }
                });
            }
        });
        Hostile { url, requests }
    }

    fn client(&self, timeout: f64) -> Client {
        Client::builder()
            .base_url(&self.url)
            .key_id("app_x")
            .secret("secret")
            .timeout_secs(timeout)
            .max_retries(2)
            .build()
            .unwrap()
    }
}

/// Reads one request (headers and a content-length body); false at EOF.
fn read_request(stream: &mut TcpStream) -> bool {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut length = 0;
    let mut first = true;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        if first && line.trim().is_empty() {
            continue;
        }
        first = false;
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).is_ok()
}

fn head(stream: &mut TcpStream, status: &str, extra: &str) {
    let text = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}\r\n");
    let _ = stream.write_all(text.as_bytes());
}

#[test]
fn a_trickling_answer_times_out() {
    let server = Hostile::start(|s| {
        head(
            s,
            "201 Created",
            &format!("content-length: {}\r\n", KEY.len()),
        );
        KEY.bytes().all(|b| {
            thread::sleep(Duration::from_millis(100));
            s.write_all(&[b]).is_ok()
        })
    });
    let started = Instant::now();
    let e = server
        .client(0.8)
        .create_integration_key("a", "i", "k")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_reset_in_the_middle_of_the_body_is_a_connection_error() {
    let server = Hostile::start(|s| {
        head(s, "201 Created", "content-length: 1000\r\n");
        let _ = s.write_all(&KEY.as_bytes()[..20]);
        let _ = s.flush();
        // With a linger time of zero, closing sends a TCP reset, not a FIN.
        let _ = socket2::SockRef::from(&*s).set_linger(Some(Duration::ZERO));
        false
    });
    let e = server
        .client(5.0)
        .create_integration_key("a", "i", "k")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_fifty_megabyte_body_is_cut_off_at_the_cap() {
    let server = Hostile::start(|s| {
        // Chunked, so no content-length warns the client in advance.
        head(s, "200 OK", "transfer-encoding: chunked\r\n");
        let chunk = vec![b'a'; 1 << 20];
        let prefix = br#"{"key":{"id":""#;
        let _ = s.write_all(format!("{:x}\r\n", prefix.len()).as_bytes());
        let _ = s.write_all(prefix);
        let _ = s.write_all(b"\r\n");
        let sent_all = (0..50).all(|_| {
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(&chunk);
            frame.extend_from_slice(b"\r\n");
            s.write_all(&frame).is_ok()
        });
        sent_all && s.write_all(b"0\r\n\r\n").is_ok()
    });
    let client = server.client(10.0);
    let started = Instant::now();
    let e = client.get_integration_key("a", "i", "k").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.message().contains("larger than"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let e = client.create_integration_key("a", "i", "k").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
}

#[test]
fn invalid_utf8_inside_json_is_a_decode_error() {
    let server = Hostile::start(|s| {
        let body = b"{\"key\":{\"id\":\"int_\xff\xfe\",\"secret\":\"x\"}}";
        head(
            s,
            "201 Created",
            &format!("content-length: {}\r\n", body.len()),
        );
        s.write_all(body).is_ok()
    });
    let e = server
        .client(5.0)
        .create_integration_key("a", "i", "k")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn an_http10_server_that_closes_after_each_answer_works() {
    let server = Hostile::start(|s| {
        let text = format!(
            "HTTP/1.0 201 Created\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{KEY}",
            KEY.len()
        );
        let _ = s.write_all(text.as_bytes());
        false
    });
    let client = server.client(5.0);
    for _ in 0..5 {
        let key = client.create_integration_key("a", "i", "k").unwrap();
        assert_eq!(key.id, "int_1");
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 5);
}

#[test]
fn a_server_that_closes_without_answering_gets_one_create() {
    let server = Hostile::start(|_| false);
    let e = server
        .client(5.0)
        .create_integration_key("a", "i", "k")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_pooled_connection_closed_while_idle_is_not_used_for_a_create() {
    // HTTP/1.1 without `connection: close`: the client pools the connection,
    // then the server closes it while it sits idle.
    let server = Hostile::start(|s| {
        head(
            s,
            "201 Created",
            &format!("content-length: {}\r\n", KEY.len()),
        );
        let _ = s.write_all(KEY.as_bytes());
        false
    });
    let client = server.client(5.0);
    for _ in 0..3 {
        client.create_integration_key("a", "i", "k").unwrap();
        thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
}
