# A stock Apache James 3.8.1 distributed server (Cassandra, OpenSearch, RabbitMQ, S3) with the
# Emergency Inbox drop-in. Build from the repository root, after `./mvnw -B install -DskipTests`:
#   docker build -f docker/dropin-distributed.Dockerfile -t emergency-inbox-dropin-distributed .
# What differs from dropin-memory.Dockerfile:
# - the mail repositories of our mailetcontainer.xml are moved to Cassandra (adapt-dropin-conf.sh);
# - extensions.properties still lists our memory stores: organisations, routes and the spool's index
#   live in this node's memory and its spooled content under /root/var, so run ONE node only and
#   expect to re-create organisations after a restart, until the Cassandra stores (docs/cassandra.md)
#   are listed there instead;
# - James's distributed task manager serialises tasks through RabbitMQ, and our spool flush and purge
#   tasks have no task DTO yet: on this server they cannot be submitted (docs/adr/0040).
# Neither the image nor a distributed James was run here (no Docker engine, no distributed server on
# the build machines); DockerFilesTest checks the files this copies and runs adapt-dropin-conf.sh.
FROM apache/james:distributed-3.8.1

COPY dropin/target/emergency-inbox-dropin.jar /root/extensions-jars/
COPY dropin/src/main/conf/ /root/conf/
COPY docker/adapt-dropin-conf.sh /usr/local/bin/
RUN adapt-dropin-conf.sh /root/conf distributed

CMD ["--generate-keystore"]
