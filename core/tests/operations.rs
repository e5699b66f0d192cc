//! Every operation against the sandbox, with both kinds of authentication.

mod common;

use common::Fixture;
use integration_keys::{AuthMode, Client, ErrorKind, Secret, sign_jwt};
use std::time::Duration;

#[test]
fn create_list_get_delete() {
    let fx = Fixture::new();
    let client = fx.client();

    let created = client
        .create_integration_key("app_1", "int_1", "My custom key")
        .unwrap();
    assert!(created.id.starts_with("int_"), "{}", created.id);
    assert_eq!(created.display_name.as_deref(), Some("My custom key"));
    let secret = created.secret.clone().expect("a create returns the secret");
    assert!(secret.expose().len() >= 20);

    let second = client
        .create_integration_key("app_1", "int_1", "Other")
        .unwrap();
    let listed = client.list_integration_keys("app_1", "int_1").unwrap();
    let ids: Vec<&str> = listed.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, [created.id.as_str(), second.id.as_str()]);
    assert!(
        client
            .list_integration_keys("app_1", "int_2")
            .unwrap()
            .is_empty()
    );

    let got = client
        .get_integration_key("app_1", "int_1", &created.id)
        .unwrap();
    assert_eq!(got, created);

    client
        .delete_integration_key("app_1", "int_1", &created.id)
        .unwrap();
    let e = client
        .get_integration_key("app_1", "int_1", &created.id)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(
        client
            .list_integration_keys("app_1", "int_1")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn jwt_auth_and_bearer_token() {
    let fx = Fixture::new();
    let jwt = fx.builder().auth(AuthMode::Jwt).build().unwrap();
    jwt.create_integration_key("a", "i", "by jwt").unwrap();

    let token = sign_jwt(
        fx.sandbox.key_id(),
        &Secret::new(fx.sandbox.secret()),
        "app",
        Some(Duration::from_secs(60)),
    )
    .unwrap();
    let bearer = Client::builder()
        .base_url(fx.sandbox.url())
        .token(token.expose())
        .build()
        .unwrap();
    assert_eq!(bearer.list_integration_keys("a", "i").unwrap().len(), 1);

    let wrong_scope = sign_jwt(
        fx.sandbox.key_id(),
        &Secret::new(fx.sandbox.secret()),
        "integration",
        None,
    )
    .unwrap();
    let e = Client::builder()
        .base_url(fx.sandbox.url())
        .token(wrong_scope.expose())
        .build()
        .unwrap()
        .list_integration_keys("a", "i")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
}

#[test]
fn ids_stay_inside_their_path_segment() {
    let fx = Fixture::new();
    let client = fx.client();
    let key = client
        .create_integration_key("a/../b?x#y", "i d", "odd ids")
        .unwrap();
    let e = client.get_integration_key("b", "i d", &key.id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    client
        .get_integration_key("a/../b?x#y", "i d", &key.id)
        .unwrap();

    let paths: Vec<String> = fx.requests().into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        paths[0],
        "/v2/apps/a%2F..%2Fb%3Fx%23y/integrations/i%20d/keys"
    );
}

#[test]
fn the_sandbox_keeps_ten_keys_per_integration() {
    let fx = Fixture::new();
    let client = fx.client();
    for n in 0..10 {
        client
            .create_integration_key("a", "i", &format!("key {n}"))
            .unwrap();
    }
    let e = client
        .create_integration_key("a", "i", "eleventh")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("bad_request"));
}

#[test]
fn one_client_many_threads() {
    let fx = Fixture::new();
    let client = fx.client();
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let client = client.clone();
            std::thread::spawn(move || {
                let integration = format!("int_{t}");
                for n in 0..5 {
                    client
                        .create_integration_key("a", &integration, &format!("k{n}"))
                        .unwrap();
                }
                client
                    .list_integration_keys("a", &integration)
                    .unwrap()
                    .len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 5);
    }
}
