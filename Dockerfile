# Switchboard application image. Built from source; the production stack (docker-compose.yml)
# runs two of these behind a load balancer.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package -pl app -am

FROM eclipse-temurin:25-jre
RUN useradd --system --create-home --home-dir /var/lib/switchboard switchboard
COPY --from=build /src/app/target/switchboard.jar /opt/switchboard/switchboard.jar
USER switchboard
ENV SWITCHBOARD_HOME=/var/lib/switchboard \
    SWITCHBOARD_PORT=8080 \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
  CMD wget -qO- http://127.0.0.1:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/opt/switchboard/switchboard.jar"]
