import { z } from "zod";
import { createProjectBody, projectMemberResponse, projectResponse, setProjectMemberBody, updateProjectBody } from "@/lib/schemas/projects";
import { page, pageQuery } from "@/lib/schemas/common";
import { registerOperation, type ApiRegistry } from "../registry";

const projectParams = z.object({ id: z.string().meta({ description: "Project id or slug" }) });
const projectMemberParams = projectParams.extend({ userId: z.string() });

export function registerProjectOperations(r: ApiRegistry): void {
  const tags = ["Projects"];
  const Project = r.schema("Project", projectResponse);
  const ProjectMember = r.schema("ProjectMember", projectMemberResponse);
  // The project comes from the path, so these are workspace-authenticated (X-Tenant-Id) routes.
  const auth = "workspace" as const;

  registerOperation(r, {
    method: "get",
    path: "/v1/projects",
    operationId: "listProjects",
    summary: "The projects you can see, with your role in each",
    tags,
    auth,
    action: "workspace.read",
    query: pageQuery,
    responses: { 200: { description: "A page of projects", schema: page(Project) } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/projects",
    operationId: "createProject",
    summary: "Create a project",
    tags,
    auth,
    action: "project.create",
    body: createProjectBody,
    errors: [409],
    responses: { 201: { description: "The project", schema: Project } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/projects/{id}",
    operationId: "getProject",
    summary: "One project with your role",
    description: "A project you have no role in is a 404.",
    tags,
    auth,
    action: "project.read",
    params: projectParams,
    responses: { 200: { description: "The project", schema: Project } },
  });
  registerOperation(r, {
    method: "patch",
    path: "/v1/projects/{id}",
    operationId: "updateProject",
    summary: "Rename a project",
    tags,
    auth,
    action: "project.update",
    params: projectParams,
    body: updateProjectBody,
    responses: { 200: { description: "The project", schema: Project } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/projects/{id}",
    operationId: "deleteProject",
    summary: "Delete a project and everything in it",
    description: "The default project cannot be deleted (422).",
    tags,
    auth,
    action: "project.delete",
    params: projectParams,
    responses: { 204: { description: "Deleted" } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/projects/{id}/members",
    operationId: "listProjectMembers",
    summary: "Explicit project roles",
    description: "Owners and tenant admins are implicit project admins and are not listed.",
    tags,
    auth,
    action: "project.read",
    params: projectParams,
    query: pageQuery,
    responses: { 200: { description: "A page of project members", schema: page(ProjectMember) } },
  });
  registerOperation(r, {
    method: "put",
    path: "/v1/projects/{id}/members/{userId}",
    operationId: "setProjectMember",
    summary: "Grant or change a member's project role",
    tags,
    auth,
    action: "project_member.manage",
    params: projectMemberParams,
    body: setProjectMemberBody,
    responses: { 200: { description: "The project member", schema: ProjectMember } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/projects/{id}/members/{userId}",
    operationId: "removeProjectMember",
    summary: "Revoke a member's project role",
    tags,
    auth,
    action: "project_member.manage",
    params: projectMemberParams,
    responses: { 204: { description: "Revoked" } },
  });
}
