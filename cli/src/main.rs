//! `integration-keys`: the command-line front end of the integration-keys
//! core. Each subcommand is one operation of the core, with the same
//! arguments in the same order; the global options are the client settings.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use integration_keys::{
    AuthMode, Client, ClientBuilder, ClientOptions, Error, ErrorKind, IntegrationKey, REDACTED,
    Secret, env,
};
use integration_keys_sandbox::{Sandbox, SandboxConfig};
use serde_json::{Value, json};

const EXIT_CODES: &str = "\
Exit codes:
  0   success
  2   the command line could not be read
  11  invalid_argument    17  bad_request
  12  authentication      18  server
  13  permission_denied   19  timeout
  14  not_found           20  connection
  15  conflict            21  decode
  16  rate_limited        22  internal

Every global option falls back to its INTEGRATION_KEYS_* environment
variable (INTEGRATION_KEYS_BASE_URL, ..._SUBDOMAIN, ..._KEY_ID, ..._SECRET,
..._TOKEN, ..._AUTH, ..._TIMEOUT, ..._CONNECT_TIMEOUT, ..._MAX_RETRIES).
INTEGRATION_KEYS_LOG=debug logs each request on stderr; logs never hold
secrets. Prefer the environment to --secret and --token: other users of
the machine can read a process's command line.";

/// Manage the API keys of a Sunshine Conversations custom integration.
#[derive(Parser, Debug)]
#[command(name = "integration-keys", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(flatten)]
    settings: Settings,

    #[command(subcommand)]
    command: Command,
}

/// The client settings, one option per setting of the core.
#[derive(Args, Debug)]
struct Settings {
    /// Base URL of the API [default: https://api.smooch.io]
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,

    /// Zendesk subdomain: the API is at https://SUBDOMAIN.zendesk.com/sc
    #[arg(long, global = true)]
    subdomain: Option<String>,

    /// API key id (app_..., act_..., svc_...)
    #[arg(long, global = true)]
    key_id: Option<String>,

    /// API key secret
    #[arg(long, global = true)]
    secret: Option<String>,

    /// A JWT signed elsewhere, sent as Bearer instead of a key id and secret
    #[arg(long, global = true)]
    token: Option<String>,

    /// How the key id and secret are sent [default: basic]
    #[arg(long, global = true, value_enum)]
    auth: Option<Auth>,

    /// Seconds allowed for one whole attempt [default: 30]
    #[arg(long, global = true, value_name = "SECONDS")]
    timeout: Option<f64>,

    /// Seconds allowed for connecting [default: 10]
    #[arg(long, global = true, value_name = "SECONDS")]
    connect_timeout: Option<f64>,

    /// Retries after a failure that may be retried [default: 2]
    #[arg(long, global = true, value_name = "N")]
    max_retries: Option<u32>,

    /// Text appended to the User-Agent header
    #[arg(long, global = true)]
    user_agent: Option<String>,

    /// Allow a plain http base URL to a host that is not loopback (the
    /// credentials then cross the network unencrypted)
    #[arg(long, global = true)]
    allow_insecure_http: bool,

    /// Run this one command against a fresh built-in sandbox, with its
    /// credentials
    #[arg(long, global = true)]
    sandbox: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Auth {
    Basic,
    Jwt,
}

impl Auth {
    fn mode(self) -> AuthMode {
        match self {
            Auth::Basic => AuthMode::Basic,
            Auth::Jwt => AuthMode::Jwt,
        }
    }
}

// The key id argument of `get` and `delete` is named `key`: clap keeps one
// value per name, and `key_id` is already the global credentials option.
#[derive(Subcommand, Debug)]
enum Command {
    /// Create a key; prints it with its secret, which is shown only now
    Create {
        app_id: String,
        integration_id: String,
        display_name: String,
    },
    /// List the keys of an integration (secrets are not printed)
    List {
        app_id: String,
        integration_id: String,
    },
    /// Get one key (its secret is not printed)
    Get {
        app_id: String,
        integration_id: String,
        /// The key's id (int_...)
        #[arg(value_name = "KEY_ID")]
        key: String,
    },
    /// Delete (revoke) a key
    Delete {
        app_id: String,
        integration_id: String,
        /// The key's id (int_...)
        #[arg(value_name = "KEY_ID")]
        key: String,
    },
    /// Sign a JWT with --key-id and --secret; prints the token
    Jwt {
        /// The token's scope: app, account or integration
        #[arg(long, default_value = "app")]
        scope: String,
        /// Seconds until the token expires; without it the token has no exp
        #[arg(long, value_name = "SECONDS")]
        expires_in: Option<u64>,
    },
    /// Run the offline sandbox server in the foreground
    Sandbox {
        /// Port on 127.0.0.1; 0 picks a free one
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Print the URL and credentials as one JSON line
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    integration_keys::log_to_stderr();
    let cli = Cli::parse();
    match run(cli) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            // A closed stdout (a pipe into `head`) is not worth a panic.
            let _ = writeln!(stdout, "{output}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", error_line(&e));
            ExitCode::from(exit_code(e.kind()))
        }
    }
}

/// Exit code of an error kind: 10 plus its number (11 to 22).
fn exit_code(kind: ErrorKind) -> u8 {
    10 + kind.number()
}

fn error_line(e: &Error) -> String {
    let mut line = format!("error ({}): {}", e.kind(), e.message());
    if let Some(id) = e.request_id() {
        line.push_str(&format!(" [request id {id}]"));
    }
    if let Some(wait) = e.retry_after() {
        line.push_str(&format!(" [retry after {}s]", wait.as_secs()));
    }
    line
}

fn run(cli: Cli) -> Result<String, Error> {
    let Cli { settings, command } = cli;
    match command {
        Command::Sandbox { port, json } => serve_sandbox(port, json, &settings),
        Command::Jwt { scope, expires_in } => {
            let key_id = settings.key_id.clone().or_else(|| var(env::KEY_ID));
            let secret = settings.secret.clone().or_else(|| var(env::SECRET));
            let (Some(key_id), Some(secret)) = (key_id, secret) else {
                return Err(Error::new(
                    ErrorKind::InvalidArgument,
                    "jwt needs --key-id and --secret (or their environment variables)",
                ));
            };
            let token = integration_keys::sign_jwt(
                &key_id,
                &Secret::new(secret),
                &scope,
                expires_in.map(Duration::from_secs),
            )?;
            Ok(token.expose().to_owned())
        }
        operation => {
            // Kept alive until the operation is done.
            let sandbox = if settings.sandbox {
                Some(start_sandbox(SandboxConfig::default())?)
            } else {
                None
            };
            let client = settings.client(sandbox.as_ref())?;
            let value = call(&client, operation)?;
            Ok(pretty(&value))
        }
    }
}

fn call(client: &Client, command: Command) -> Result<Value, Error> {
    Ok(match command {
        Command::Create {
            app_id,
            integration_id,
            display_name,
        } => {
            let key = client.create_integration_key(&app_id, &integration_id, &display_name)?;
            json!({ "key": key_json(&key, true) })
        }
        Command::List {
            app_id,
            integration_id,
        } => {
            let keys = client.list_integration_keys(&app_id, &integration_id)?;
            let keys: Vec<Value> = keys.iter().map(|k| key_json(k, false)).collect();
            json!({ "keys": keys })
        }
        Command::Get {
            app_id,
            integration_id,
            key,
        } => {
            let key = client.get_integration_key(&app_id, &integration_id, &key)?;
            json!({ "key": key_json(&key, false) })
        }
        Command::Delete {
            app_id,
            integration_id,
            key,
        } => {
            client.delete_integration_key(&app_id, &integration_id, &key)?;
            json!({})
        }
        Command::Jwt { .. } | Command::Sandbox { .. } => {
            return Err(Error::new(ErrorKind::Internal, "not an API operation"));
        }
    })
}

/// A key in the API's JSON shape; the secret appears only when `reveal`.
fn key_json(key: &IntegrationKey, reveal: bool) -> Value {
    let mut value = json!({ "id": key.id });
    if let Some(name) = &key.display_name {
        value["displayName"] = json!(name);
    }
    if let Some(secret) = &key.secret {
        value["secret"] = json!(if reveal { secret.expose() } else { REDACTED });
    }
    value
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Settings {
    /// The client these settings describe: the environment first, then the
    /// options given, then the sandbox's address and credentials.
    fn client(&self, sandbox: Option<&Sandbox>) -> Result<Client, Error> {
        let options = ClientOptions {
            subdomain: self.subdomain.clone(),
            base_url: self.base_url.clone(),
            key_id: self.key_id.clone(),
            secret: self.secret.as_deref().map(Secret::new),
            auth: self.auth.map(|a| a.mode().as_str().to_owned()),
            token: self.token.as_deref().map(Secret::new),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_retries: self.max_retries.map(f64::from),
            user_agent: self.user_agent.clone(),
            allow_insecure_http: self.allow_insecure_http.then_some(true),
        };
        let mut b = ClientBuilder::from_env().front_end("cli").options(options);
        if let Some(sandbox) = sandbox {
            b = b
                .base_url(sandbox.url())
                .key_id(sandbox.key_id())
                .secret(sandbox.secret());
        }
        b.build()
    }
}

fn start_sandbox(config: SandboxConfig) -> Result<Sandbox, Error> {
    Sandbox::start_with(config).map_err(|e| {
        Error::new(
            ErrorKind::Connection,
            format!("could not start the sandbox: {e}"),
        )
    })
}

fn serve_sandbox(port: u16, as_json: bool, settings: &Settings) -> Result<String, Error> {
    let mut config = SandboxConfig {
        addr: ([127, 0, 0, 1], port).into(),
        ..SandboxConfig::default()
    };
    if let Some(key_id) = &settings.key_id {
        config.key_id = key_id.clone();
    }
    config.secret = settings.secret.clone();
    let sandbox = start_sandbox(config)?;
    let line = if as_json {
        json!({"url": sandbox.url(), "key_id": sandbox.key_id(), "secret": sandbox.secret()})
            .to_string()
    } else {
        format!(
            "sandbox listening on {}\nINTEGRATION_KEYS_BASE_URL={}\nINTEGRATION_KEYS_KEY_ID={}\nINTEGRATION_KEYS_SECRET={}",
            sandbox.url(),
            sandbox.url(),
            sandbox.key_id(),
            sandbox.secret()
        )
    };
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
    drop(stdout);
    sandbox.wait();
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_codes_are_distinct_and_listed() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            let code = exit_code(kind);
            assert!(seen.insert(code));
            assert!(
                EXIT_CODES.contains(&format!("{code}  {}", kind.as_str())),
                "{kind} is not listed as {code}"
            );
        }
    }
}
