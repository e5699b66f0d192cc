//! The four key endpoints, their authentication and their errors.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{assert_error, authed, client, create, json, keys_url, request_log};
use integration_keys_sandbox::{Sandbox, SandboxConfig};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

fn is_key(value: &Value, name: &str) {
    let id = value["id"].as_str().expect("id");
    assert_eq!(id.len(), 28, "{id}");
    assert!(id.starts_with("int_"), "{id}");
    assert!(
        id[4..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{id}"
    );
    assert_eq!(value["displayName"], name);
    let secret = value["secret"].as_str().expect("secret");
    assert!(secret.len() >= 43, "{secret}");
    assert!(
        secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{secret}"
    );
}

#[test]
fn create_list_get_delete_round_trip() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "app1", "int1");

    let response = create(&client, &sandbox, &url, "first");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let request_id = response.headers()["x-request-id"].to_str().unwrap();
    assert!(request_id.starts_with("req_") && request_id.len() > 4);
    let first = json(response)["key"].clone();
    is_key(&first, "first");

    let second = json(create(&client, &sandbox, &url, "second"))["key"].clone();
    is_key(&second, "second");
    assert_ne!(first["id"], second["id"]);
    assert_ne!(first["secret"], second["secret"]);

    let list = json(authed(&sandbox, client.get(&url)).send().unwrap());
    assert_eq!(list, json!({ "keys": [first.clone(), second.clone()] }));

    let key_url = format!("{url}/{}", first["id"].as_str().unwrap());
    let got = authed(&sandbox, client.get(&key_url)).send().unwrap();
    assert_eq!(got.status().as_u16(), 200);
    assert!(got.headers().contains_key("x-request-id"));
    assert_eq!(json(got), json!({ "key": first }));

    let deleted = authed(&sandbox, client.delete(&key_url)).send().unwrap();
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(json(deleted), json!({}));

    let list = json(authed(&sandbox, client.get(&url)).send().unwrap());
    assert_eq!(list, json!({ "keys": [second] }));

    // Gone now, and other integrations never had it.
    let again = authed(&sandbox, client.get(&key_url)).send().unwrap();
    assert_eq!(assert_error(again, 404, "not_found"), "Key not found");
    let again = authed(&sandbox, client.delete(&key_url)).send().unwrap();
    assert_error(again, 404, "not_found");
    let other = json(
        authed(&sandbox, client.get(keys_url(&sandbox, "app1", "int2")))
            .send()
            .unwrap(),
    );
    assert_eq!(other, json!({ "keys": [] }));
}

#[test]
fn unknown_keys_paths_and_methods() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");

    let missing = authed(
        &sandbox,
        client.get(format!("{url}/int_000000000000000000000000")),
    )
    .send()
    .unwrap();
    assert!(missing.headers().contains_key("x-request-id"));
    assert_eq!(assert_error(missing, 404, "not_found"), "Key not found");

    for path in ["/v2/apps/a", "/v2/apps/a/integrations/i/webhooks", "/v2"] {
        let response = authed(&sandbox, client.get(format!("{}{path}", sandbox.url())))
            .send()
            .unwrap();
        assert_eq!(
            assert_error(response, 404, "not_found"),
            "Resource not found"
        );
    }
    // Outside /v2 there is nothing either, and no credentials are needed to learn it.
    let response = client
        .get(format!("{}/favicon.ico", sandbox.url()))
        .send()
        .unwrap();
    assert_error(response, 404, "not_found");

    let response = authed(&sandbox, client.put(&url)).send().unwrap();
    assert_error(response, 405, "method_not_allowed");
    let response = authed(&sandbox, client.post(format!("{url}/int_x")))
        .send()
        .unwrap();
    assert!(response.headers().contains_key("x-request-id"));
    assert_error(response, 405, "method_not_allowed");
}

#[test]
fn basic_auth_is_checked() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");

    let response = client.get(&url).send().unwrap();
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(
        assert_error(response, 401, "unauthorized"),
        "Authorization is required"
    );

    let wrong_secret = client
        .get(&url)
        .basic_auth(sandbox.key_id(), Some("not-the-secret"))
        .send()
        .unwrap();
    let title = assert_error(wrong_secret, 401, "unauthorized");
    assert!(!title.contains(sandbox.secret()));

    let wrong_id = client
        .get(&url)
        .basic_auth("app_other", Some(sandbox.secret()))
        .send()
        .unwrap();
    assert_error(wrong_id, 401, "unauthorized");

    let other_scheme = client
        .get(&url)
        .header("authorization", "Digest abc")
        .send()
        .unwrap();
    assert_error(other_scheme, 401, "unauthorized");

    // A refused create does not create anything.
    let refused = client
        .post(&url)
        .basic_auth(sandbox.key_id(), Some("nope"))
        .body(r#"{"displayName":"x"}"#)
        .send()
        .unwrap();
    assert_error(refused, 401, "unauthorized");
    let list = json(authed(&sandbox, client.get(&url)).send().unwrap());
    assert_eq!(list, json!({ "keys": [] }));
}

#[test]
fn configured_credentials_are_the_ones_accepted() {
    let sandbox = Sandbox::start_with(SandboxConfig {
        key_id: "app_custom".to_owned(),
        secret: Some("s3cret".to_owned()),
        ..SandboxConfig::default()
    })
    .unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    let ok = client
        .get(&url)
        .basic_auth("app_custom", Some("s3cret"))
        .send()
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    let refused = client
        .get(&url)
        .basic_auth("app_sandbox", Some("s3cret"))
        .send()
        .unwrap();
    assert_error(refused, 401, "unauthorized");
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn jwt(algorithm: Algorithm, kid: Option<&str>, secret: &str, claims: &Value) -> String {
    let mut header = Header::new(algorithm);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

#[test]
fn jwt_auth_is_checked() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    let kid = Some(sandbox.key_id());
    let secret = sandbox.secret();
    let get = |token: &str| client.get(&url).bearer_auth(token).send().unwrap();

    for claims in [
        json!({ "scope": "app" }),
        json!({ "scope": "account", "exp": now() + 60 }),
    ] {
        let response = get(&jwt(Algorithm::HS256, kid, secret, &claims));
        assert_eq!(response.status().as_u16(), 200, "{claims}");
    }
    // A create with a JWT works too.
    let created = client
        .post(&url)
        .bearer_auth(jwt(
            Algorithm::HS256,
            kid,
            secret,
            &json!({ "scope": "app" }),
        ))
        .body(r#"{"displayName":"by jwt"}"#)
        .send()
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);

    let refused = [
        (
            "wrong kid",
            jwt(
                Algorithm::HS256,
                Some("app_other"),
                secret,
                &json!({ "scope": "app" }),
            ),
        ),
        (
            "no kid",
            jwt(Algorithm::HS256, None, secret, &json!({ "scope": "app" })),
        ),
        (
            "wrong secret",
            jwt(
                Algorithm::HS256,
                kid,
                "other-secret",
                &json!({ "scope": "app" }),
            ),
        ),
        (
            "wrong scope",
            jwt(Algorithm::HS256, kid, secret, &json!({ "scope": "user" })),
        ),
        ("no scope", jwt(Algorithm::HS256, kid, secret, &json!({}))),
        (
            "expired",
            jwt(
                Algorithm::HS256,
                kid,
                secret,
                &json!({ "scope": "app", "exp": now() - 30 }),
            ),
        ),
        (
            "HS512",
            jwt(Algorithm::HS512, kid, secret, &json!({ "scope": "app" })),
        ),
        ("garbage", "not.a.jwt".to_owned()),
    ];
    let mut titles = Vec::new();
    for (what, token) in refused {
        let title = assert_error(get(&token), 401, "unauthorized");
        assert_ne!(title, "Authorization is required", "{what}");
        titles.push((what, title));
    }
    let title_of = |what: &str| &titles.iter().find(|(w, _)| *w == what).unwrap().1;
    assert!(title_of("wrong kid").contains("kid"));
    assert!(title_of("wrong secret").contains("signature"));
    assert!(title_of("wrong scope").contains("scope"));
    assert!(title_of("expired").contains("expired"));
}

fn post_raw(
    sandbox: &Sandbox,
    url: &str,
    body: impl Into<reqwest::blocking::Body>,
) -> reqwest::blocking::Response {
    authed(sandbox, client().post(url))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .unwrap()
}

#[test]
fn create_validates_its_body() {
    let sandbox = Sandbox::start().unwrap();
    let url = keys_url(&sandbox, "a", "i");
    let cases = [
        ("{not json", "valid JSON"),
        ("", "valid JSON"),
        ("[]", "object"),
        ("{}", "displayName is required"),
        (r#"{"name":"x"}"#, "displayName is required"),
        (r#"{"displayName":5}"#, "must be a string"),
        (r#"{"displayName":null}"#, "must be a string"),
        (r#"{"displayName":""}"#, "between 1 and 100"),
    ];
    for (body, expected) in cases {
        let response = post_raw(&sandbox, &url, body);
        assert!(response.headers().contains_key("x-request-id"));
        let title = assert_error(response, 400, "bad_request");
        assert!(title.contains(expected), "{body}: {title}");
    }
    let too_long = json!({ "displayName": "a".repeat(101) }).to_string();
    assert_error(post_raw(&sandbox, &url, too_long), 400, "bad_request");

    // 100 characters (not bytes) is fine.
    let longest = "é".repeat(100);
    let response = post_raw(
        &sandbox,
        &url,
        json!({ "displayName": longest }).to_string(),
    );
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(json(response)["key"]["displayName"], longest.as_str());
}

#[test]
fn an_integration_holds_at_most_ten_keys() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "full");
    for n in 0..10 {
        let response = create(&client, &sandbox, &url, &format!("key {n}"));
        assert_eq!(response.status().as_u16(), 201);
    }
    let eleventh = create(&client, &sandbox, &url, "one too many");
    assert_eq!(
        assert_error(eleventh, 400, "bad_request"),
        "An integration can have a maximum of 10 keys"
    );
    let list = json(authed(&sandbox, client.get(&url)).send().unwrap());
    assert_eq!(list["keys"].as_array().unwrap().len(), 10);
    // The limit is per integration.
    let elsewhere = create(&client, &sandbox, &keys_url(&sandbox, "a", "empty"), "fine");
    assert_eq!(elsewhere.status().as_u16(), 201);
}

/// A create body of exactly `len` bytes.
fn padded_body(len: usize) -> String {
    let head = r#"{"displayName":"big","padding":""#;
    let tail = r#""}"#;
    format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len()))
}

#[test]
fn bodies_over_100_kb_are_refused() {
    let sandbox = Sandbox::start().unwrap();
    let url = keys_url(&sandbox, "a", "i");

    let at_limit = padded_body(102_400);
    assert_eq!(at_limit.len(), 102_400);
    assert_eq!(post_raw(&sandbox, &url, at_limit).status().as_u16(), 201);

    let over = padded_body(102_401);
    let response = post_raw(&sandbox, &url, over);
    assert!(response.headers().contains_key("x-request-id"));
    assert_error(response, 413, "payload_too_large");

    let much_over = padded_body(3 * 1024 * 1024);
    assert_error(
        post_raw(&sandbox, &url, much_over),
        413,
        "payload_too_large",
    );

    let list = json(authed(&sandbox, client().get(&url)).send().unwrap());
    assert_eq!(list["keys"].as_array().unwrap().len(), 1);
}

#[test]
fn percent_encoded_segments_are_one_id_and_logged_raw() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let encoded = "a%2F..%2Fb%3Fx%23y";
    let url = keys_url(&sandbox, encoded, "i%20j");
    let created = create(&client, &sandbox, &url, "encoded");
    assert_eq!(created.status().as_u16(), 201);

    let list = json(authed(&sandbox, client.get(&url)).send().unwrap());
    assert_eq!(list["keys"].as_array().unwrap().len(), 1);
    // The decoded id is a different app from its pieces.
    for other in [
        keys_url(&sandbox, "a", "i%20j"),
        keys_url(&sandbox, "b", "i%20j"),
    ] {
        let list = json(authed(&sandbox, client.get(&other)).send().unwrap());
        assert_eq!(list, json!({ "keys": [] }));
    }

    let log = request_log(&client, &sandbox);
    let path = format!("/v2/apps/{encoded}/integrations/i%20j/keys");
    assert_eq!(log[0], ("POST".to_owned(), path.clone()));
    assert_eq!(log[1], ("GET".to_owned(), path));
    assert_eq!(log.len(), 4);
}

#[test]
fn concurrent_creates_all_succeed() {
    let sandbox = Sandbox::start().unwrap();
    std::thread::scope(|scope| {
        for t in 0..8 {
            let sandbox = &sandbox;
            scope.spawn(move || {
                let client = client();
                let url = keys_url(sandbox, "app", &format!("int{t}"));
                for n in 0..3 {
                    let response = create(&client, sandbox, &url, &format!("{t}-{n}"));
                    assert_eq!(response.status().as_u16(), 201);
                }
            });
        }
    });
    let client = client();
    let mut ids = std::collections::HashSet::new();
    for t in 0..8 {
        let url = keys_url(&sandbox, "app", &format!("int{t}"));
        let list = json(authed(&sandbox, client.get(&url)).send().unwrap());
        let keys = list["keys"].as_array().unwrap();
        let names: Vec<_> = keys.iter().map(|k| k["displayName"].clone()).collect();
        assert_eq!(
            names,
            vec![
                json!(format!("{t}-0")),
                json!(format!("{t}-1")),
                json!(format!("{t}-2"))
            ]
        );
        ids.extend(keys.iter().map(|k| k["id"].as_str().unwrap().to_owned()));
    }
    assert_eq!(ids.len(), 24);
    assert_eq!(request_log(&client, &sandbox).len(), 24 + 8);
}
