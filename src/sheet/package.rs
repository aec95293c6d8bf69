//! Signing arbitrary bytes as a given role, and the package manifest the secretariat signs.

use super::{SignError, Signature};
use crate::keys::{KeyEntry, Keyring, PrivateKey, SignatureError};
use crate::model::Role;

/// Signs `bytes` with `key`, provided the key's role is one of `roles`.
pub fn sign_bytes(
    bytes: &[u8],
    key: &PrivateKey,
    roles: &[Role],
    what: &str,
) -> Result<Signature, SignError> {
    if !roles.contains(&key.role) {
        return Err(SignError::WrongRole {
            key: key.id.clone(),
            role: key.role,
            what: what.to_string(),
        });
    }
    Ok(key.sign(bytes)?)
}

/// Checks a signature over `bytes` by a key of the keyring whose role is one of `roles`.
pub fn verify_bytes<'k>(
    bytes: &[u8],
    signature: &Signature,
    keyring: &'k Keyring,
    roles: &[Role],
) -> Result<&'k KeyEntry, SignatureError> {
    keyring.verify(bytes, signature, roles)
}

/// The secretariat's signature over a package's manifest (its exact bytes, whatever their
/// format).
pub fn sign_package_manifest(manifest: &[u8], key: &PrivateKey) -> Result<Signature, SignError> {
    sign_bytes(
        manifest,
        key,
        &[Role::Secretariat],
        "a package is signed by the secretariat",
    )
}

/// Checks that a secretariat key of the keyring signed these manifest bytes.
pub fn verify_package_manifest(
    manifest: &[u8],
    signature: &Signature,
    keyring: &Keyring,
) -> Result<(), SignatureError> {
    verify_bytes(manifest, signature, keyring, &[Role::Secretariat]).map(|_| ())
}
