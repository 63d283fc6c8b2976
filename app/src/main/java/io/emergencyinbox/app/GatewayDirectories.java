package io.emergencyinbox.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

/**
 * Where the gateway reads its configuration ({@code conf}) and keeps its state ({@code var}: keys,
 * spooled content). Unlike James's own layout they need not share a parent, so an operator can run
 * a second gateway from another configuration directory.
 */
public final class GatewayDirectories implements JamesDirectoriesProvider {
    private final Path root;
    private final Path conf;
    private final Path var;

    public GatewayDirectories(Path root, Path conf, Path var) {
        this.root = root.toAbsolutePath().normalize();
        this.conf = conf.toAbsolutePath().normalize();
        this.var = var.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.var);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state directory " + this.var, e);
        }
    }

    public Path conf() {
        return conf;
    }

    public Path var() {
        return var;
    }

    @Override
    public String getAbsoluteDirectory() {
        return "/";
    }

    @Override
    public String getConfDirectory() {
        return conf + File.separator;
    }

    @Override
    public String getVarDirectory() {
        return var + File.separator;
    }

    @Override
    public String getRootDirectory() {
        return root.toString();
    }
}
