# A stock Apache James 3.8.1 memory server with the Emergency Inbox drop-in.
# Build from the repository root, after `./mvnw -B install -DskipTests`:
#   docker build -f docker/dropin-memory.Dockerfile -t emergency-inbox-dropin-memory .
# No image was built on the project's build machines (no Docker engine there): DockerFilesTest checks
# the files this copies and runs adapt-dropin-conf.sh; DropInTest runs the same jar and snippets in a
# stock James started from its own jars.
FROM apache/james:memory-3.8.1

# James loads every jar of /root/extensions-jars (its working directory is /root).
COPY dropin/target/emergency-inbox-dropin.jar /root/extensions-jars/
# Our snippets replace James's smtpserver.xml, mailetcontainer.xml, webadmin.properties and
# healthcheck.properties, and add extensions.properties and continuity.properties.
COPY dropin/src/main/conf/ /root/conf/
COPY docker/adapt-dropin-conf.sh /usr/local/bin/
RUN adapt-dropin-conf.sh /root/conf memory

# The image's entrypoint is James's java command; this argument makes James generate the keystore
# its sample jmap.properties refers to, when absent (mount your own at /root/conf/keystore instead).
CMD ["--generate-keystore"]
