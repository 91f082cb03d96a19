import OkikKubeClient

/// OkikSimulator: a local Kubernetes API server with simulated controllers.
public enum OkikSimulatorModule {
    /// The Kubernetes version the simulator reports.
    public static let kubernetesVersion = "v1.32.0"
}
