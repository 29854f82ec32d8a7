# The CRM as one image: the production jar (no embedded services, no simulator), built with Maven (the
# Vaadin frontend needs Node, which the plugin fetches), run on a JRE as an unprivileged user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY crm-core crm-core
COPY telephony-bridge telephony-bridge
COPY recordings recordings
COPY pbx-simulator pbx-simulator
COPY ui ui
# the tests' embedded services: compiled for the test classpath, never packaged into crm.jar
COPY dev-services dev-services
COPY app app
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/crm --create-home crm
USER crm
WORKDIR /var/lib/crm
COPY --from=build /src/app/target/crm.jar /opt/crm/crm.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/crm/crm.jar"]
