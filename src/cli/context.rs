//! What every command gets: the global options, the output settings and (on first use) the
//! RPC client for the selected server.

use std::cell::OnceCell;

use super::GlobalArgs;
use super::client::{Client, ClientOptions, ServerAddr};
use super::error::CliError;
use super::output::Output;
use super::tokens::TokenStore;
use crate::api::Method;

pub struct CommandContext {
    global: GlobalArgs,
    out: Output,
    client: OnceCell<Client>,
}

impl CommandContext {
    pub fn new(global: GlobalArgs) -> CommandContext {
        let out = Output::from_options(global.json, global.no_header, global.color);
        CommandContext {
            global,
            out,
            client: OnceCell::new(),
        }
    }

    pub fn global(&self) -> &GlobalArgs {
        &self.global
    }

    pub fn out(&self) -> &Output {
        &self.out
    }

    /// The server the options select; `--ca-cert` implies TLS.
    pub fn server(&self) -> ServerAddr {
        ServerAddr::new(self.global.tls, &self.global.hostname, self.global.port)
            .with_ca_cert(self.global.ca_cert.clone())
    }

    /// The client, built on first use (commands that need no server never build one).
    pub fn client(&self) -> Result<&Client, CliError> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let options = ClientOptions {
            connect_timeout: self.global.connect_timeout,
            timeout: self.global.timeout,
            ca_cert: self.global.ca_cert.clone(),
            verbose: self.global.verbose,
        };
        let client = Client::new(self.server(), options, TokenStore::from_env()?)?;
        Ok(self.client.get_or_init(|| client))
    }

    /// Calls method `M` on the server.
    pub fn call<M: Method>(&self, params: M::Params) -> Result<M::Result, CliError> {
        self.client()?.call::<M>(params)
    }
}
