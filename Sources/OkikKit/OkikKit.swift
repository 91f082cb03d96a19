// OkikKit re-exports the typed Kubernetes resources and the client, so `import OkikKit` is enough.
@_exported import OkikKubeClient
@_exported import OkikLLM
