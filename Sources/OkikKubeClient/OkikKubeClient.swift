// OkikKubeClient parses kubeconfigs through OkikYAML and re-exports it, so `SafeYAML` stays reachable with
// `import OkikKubeClient` (and `import OkikKit`), as it was before it moved to its own module.
@_exported import OkikYAML
